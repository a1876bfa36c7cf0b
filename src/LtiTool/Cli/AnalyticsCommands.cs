using System.CommandLine;
using LtiPd.LtiTool.Analytics.Projection;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>analytics rebuild</c> command: derives the dashboard rollups again from the projected facts.</summary>
internal static class AnalyticsCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var analytics = new Command("analytics", "Maintain the data behind the PD leader dashboards");
        var district = new Option<string?>("--district") { Description = "The district whose rollups to rebuild; every district when left out" };
        var rebuild = new Command("rebuild", "Project pending statements, then derive the funnel, weekly, and evidence rollups again from the facts and the current rosters and schools") { district };
        rebuild.SetAction(async (parseResult, cancellationToken) =>
        {
            var districtId = parseResult.GetValue(district);
            if (districtId is not null && !await DistrictOption.ExistsAsync(services, districtId, "--district", error, cancellationToken))
            {
                return 2;
            }

            var projector = services.GetRequiredService<AnalyticsProjector>();
            var projected = await projector.CatchUpAsync(long.MaxValue, cancellationToken);
            var rebuilt = await projector.RebuildAsync(districtId, cancellationToken);
            var districts = rebuilt.Count == 1 ? "1 district" : $"{rebuilt.Count} districts";
            await output.WriteLineAsync($"Projected {projected} pending statements and rebuilt the rollups of {districts}.");
            return 0;
        });
        analytics.Subcommands.Add(rebuild);
        return analytics;
    }
}
