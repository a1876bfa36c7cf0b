using LtiPd.LtiTool.IntegrationTests.Support;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>The <c>analytics rebuild</c> admin command.</summary>
public sealed class AnalyticsCommandTests
{
    [Fact]
    public async Task Rebuild_EveryAndOneDistrict_ReportsCounts()
    {
        await using var runner = await CommandLineRunner.CreateAsync(requireHttps: false);
        var district = await runner.AddDistrictAsync("analytics-client", "Analytics Unified");

        var every = await runner.RunAsync("analytics", "rebuild");
        var one = await runner.RunAsync("analytics", "rebuild", "--district", district);

        Assert.Equal(0, every.ExitCode);
        Assert.Equal("Projected 0 pending statements and rebuilt the rollups of 0 districts.", every.Output.Trim());
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("Projected 0 pending statements and rebuilt the rollups of 1 district.", one.Output.Trim());
    }

    [Fact]
    public async Task Rebuild_UnknownDistrict_ExitsTwoNamingIt()
    {
        await using var runner = await CommandLineRunner.CreateAsync(requireHttps: false);

        var result = await runner.RunAsync("analytics", "rebuild", "--district", "d_nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No district has id 'd_nowhere'", result.Error, StringComparison.Ordinal);
        Assert.Contains("platform list", result.Error, StringComparison.Ordinal);
    }
}
