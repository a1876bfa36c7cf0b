using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.Cli;

/// <summary>The check that commands taking a district id run before they change or export anything.</summary>
internal static class DistrictOption
{
    /// <summary>
    /// Returns whether <paramref name="districtId"/> has a registered platform. Otherwise writes one
    /// line to <paramref name="error"/> that names the id and the option that took it.
    /// </summary>
    public static async Task<bool> ExistsAsync(IServiceProvider services, string districtId, string optionName, TextWriter error, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<PlatformRegistry>().DistrictExistsAsync(districtId, cancellationToken))
        {
            return true;
        }

        await error.WriteLineAsync(
            $"No district has id '{districtId}'. Run 'platform list' to see the district id of each registered platform, and pass one of them to {optionName}.");
        return false;
    }
}
