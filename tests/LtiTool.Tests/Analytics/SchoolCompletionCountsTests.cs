using LtiPd.LtiTool.Analytics.Queries;

namespace LtiPd.LtiTool.Tests.Analytics;

public sealed class SchoolCompletionCountsTests
{
    [Fact]
    public void Rows_RepeatedCompletions_CountEachLearnerOnce()
    {
        var counts = new SchoolCompletionCounts();
        counts.Add(1, "m-b");
        counts.Add(1, "m-a");
        counts.Add(1, "m-b");
        counts.Add(2, "m-b");
        counts.Add(3, "m-a");
        counts.Add(4, "m-a");
        var schools = new Dictionary<long, string?> { [1] = "lincoln", [2] = "lincoln", [3] = null };

        var rows = counts.Rows(schools).Select(row => (row.SchoolId, row.ModuleId, row.Learners)).ToList();

        // Actor 4 is not in the map and counts under no school, like actor 3.
        Assert.Equal([1L, 2L, 3L, 4L], counts.ActorIds);
        Assert.Equal([(null, "m-a", 2L), ("lincoln", "m-a", 1L), ("lincoln", "m-b", 2L)], rows);
    }
}
