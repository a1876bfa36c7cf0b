using LtiPd.LtiTool.Analytics;
using LtiPd.LtiTool.Analytics.Queries;
using Microsoft.AspNetCore.Http;

namespace LtiPd.LtiTool.Tests.Analytics;

public sealed class DashboardViewTests
{
    [Fact]
    public void Render_ManyReviewers_ChartsBusiestAndTablesAll()
    {
        var reviewers = Enumerable.Range(1, DashboardView.ChartedReviewers + 5)
            .Select(index => new ReviewerRow { ActorId = index, ReviewerName = $"Reviewer R{index:D2}", Approved = 100 - index, Returned = 1 })
            .ToList();
        var data = new DashboardData(
            new DashboardFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), null, null, null, null),
            new DashboardChoices(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()),
            [], [], [], [], [], reviewers, [], 0);

        var html = DashboardView.Render(data, new QueryCollection(), []);

        var section = html[html.IndexOf("data-testid=\"chart-reviewers\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var chart = section[..section.IndexOf("<table", StringComparison.Ordinal)];
        var table = section[section.IndexOf("<table", StringComparison.Ordinal)..];
        Assert.Contains($"Reviewer R{DashboardView.ChartedReviewers:D2}: approved", chart, StringComparison.Ordinal);
        Assert.DoesNotContain($"Reviewer R{DashboardView.ChartedReviewers + 1:D2}", chart, StringComparison.Ordinal);
        Assert.Contains($"for the {DashboardView.ChartedReviewers} reviewers with the most reviews", chart, StringComparison.Ordinal);
        Assert.Contains($"Reviewer R{DashboardView.ChartedReviewers + 5:D2}", table, StringComparison.Ordinal);
    }
}
