using LtiPd.LtiTool.Analytics.Queries;

namespace LtiPd.LtiTool.Tests.Analytics;

public sealed class TurnaroundTimesTests
{
    [Fact]
    public void Rows_NoSubmissions_ReturnsNone()
    {
        Assert.Empty(new TurnaroundTimes().Rows());
    }

    [Fact]
    public void Rows_SeveralModules_NearestRanks()
    {
        var times = new TurnaroundTimes();
        foreach (var milliseconds in new long[] { 50, 10, 40, 20, 30 })
        {
            times.Add("b-module", milliseconds);
        }

        times.Add("a-module", null);
        times.Add(null, 5);
        times.Add("b-module", null);

        var rows = times.Rows().Select(row => (row.ModuleId, row.Reviewed, row.Pending, row.MedianMs, row.P90Ms)).ToList();

        // b-module: ranks ceil(0.5 * 5) = 3 and ceil(0.9 * 5) = 5 of 10..50. All: 5, 10..50 gives
        // ranks 3 and 6 of six values.
        Assert.Equal(
            [
                (null, 1L, 0L, 5L, 5L),
                ("a-module", 0L, 1L, null, null),
                ("b-module", 5L, 1L, 30L, 50L),
                (null, 6L, 2L, 20L, 50L),
            ],
            rows);
    }
}
