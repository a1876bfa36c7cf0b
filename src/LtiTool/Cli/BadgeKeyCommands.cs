using System.CommandLine;
using System.Globalization;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Recognition;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>badge-keys list|rotate</c> commands: the keys that sign a district's Open Badges credentials.</summary>
internal static class BadgeKeyCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var command = new Command("badge-keys", "Show and rotate the keys that sign a district's Open Badges credentials");
        command.Subcommands.Add(List(services, output, error));
        command.Subcommands.Add(Rotate(services, output, error));
        return command;
    }

    private static Command List(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var district = DistrictOption();
        var command = new Command("list", "List the district's badge keys, oldest first; all of them are published, the newest signs") { district };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var districtId = parseResult.GetValue(district)!;
            if (!await DistrictExistsAsync(services, districtId, error, cancellationToken))
            {
                return 2;
            }

            var keys = await services.GetRequiredService<BadgeKeyStore>().ListKeysAsync(districtId, cancellationToken);
            if (keys.Count == 0)
            {
                await output.WriteLineAsync($"District {districtId} has no badge keys yet. The first credential download creates one, or run 'badge-keys rotate'.");
                return 0;
            }

            foreach (var key in keys)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{key.KeyId}  {(key.Signing ? "signing" : "verifying"),-9}  created {key.CreatedAt:u}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Rotate(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var district = DistrictOption();
        var command = new Command("rotate", "Create a new badge key that signs from now on; older keys stay published so their credentials still verify") { district };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var districtId = parseResult.GetValue(district)!;
            if (!await DistrictExistsAsync(services, districtId, error, cancellationToken))
            {
                return 2;
            }

            var keyId = await services.GetRequiredService<BadgeKeyStore>().RotateAsync(districtId, cancellationToken);
            await output.WriteLineAsync($"Key {keyId} now signs the badge credentials of district {districtId}. Older keys stay published at /badges/issuers/{districtId}/keys.");
            return 0;
        });
        return command;
    }

    private static Option<string> DistrictOption() =>
        new("--district") { Description = "The district (tenant id) whose badge keys to show or rotate", Required = true };

    private static async Task<bool> DistrictExistsAsync(IServiceProvider services, string districtId, TextWriter error, CancellationToken cancellationToken)
    {
        var registrations = await services.GetRequiredService<PlatformRegistry>().ListAsync(cancellationToken);
        if (registrations.Any(registration => registration.DistrictId == districtId))
        {
            return true;
        }

        await error.WriteLineAsync($"District '{districtId}' has no platform registration. Run 'platform list' to see the district ids.");
        return false;
    }
}
