using LtiPd.LtiTool.IntegrationTests.Support;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>The <c>analytics rebuild</c> admin command.</summary>
public sealed class AnalyticsCommandTests
{
    [Fact]
    public async Task Rebuild_EveryAndOneDistrict_ReportsCounts()
    {
        await using var runner = await CommandLineRunner.CreateAsync(requireHttps: false);

        var every = await runner.RunAsync("analytics", "rebuild");
        var one = await runner.RunAsync("analytics", "rebuild", "--district", "d_cli");

        Assert.Equal(0, every.ExitCode);
        Assert.Equal("Projected 0 pending statements and rebuilt the rollups of 0 districts.", every.Output.Trim());
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("Projected 0 pending statements and rebuilt the rollups of 1 district.", one.Output.Trim());
    }
}
