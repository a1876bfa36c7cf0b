using System.CommandLine;
using System.Security.Cryptography;
using LtiPd.XapiBridge.Lrs.Credentials;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>credential</c> commands: Basic-auth key/secret pairs for the embedded LRS at /xapi.</summary>
internal static class CredentialCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var credential = new Command("credential", "Manage credentials of the embedded LRS (HTTP Basic key and secret, xAPI scopes, one district each)");
        credential.Subcommands.Add(Add(services, output, error));
        credential.Subcommands.Add(List(services, output));
        credential.Subcommands.Add(Remove(services, output, error));
        return credential;
    }

    private static Command Add(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var key = new Option<string>("--key") { Description = "The credential's key (the Basic auth user name)", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = $"An xAPI scope to grant (repeat for several): {string.Join(", ", LrsScopeNames.All)}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var tenant = new Option<string>("--tenant") { Description = "The district whose statements the credential reaches", Required = true };
        var secretFromInput = new Option<bool>("--secret-stdin")
        {
            Description = "Read the secret from standard input instead of generating one (keeps it out of the shell history)",
        };

        var command = new Command("add", "Add a credential, or replace the secret, scopes and district of an existing key. Prints a generated secret once.")
        {
            key, scopes, tenant, secretFromInput,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var district = parseResult.GetValue(tenant)!;
            if (!await DistrictOption.ExistsAsync(services, district, "--tenant", error, cancellationToken))
            {
                return 2;
            }

            var secret = parseResult.GetValue(secretFromInput)
                ? (await Console.In.ReadLineAsync(cancellationToken))?.Trim() ?? ""
                : Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
            var result = await services.GetRequiredService<LrsCredentialService>().AddAsync(
                parseResult.GetValue(key)!, secret, parseResult.GetValue(scopes) ?? [], parseResult.GetValue(tenant)!, cancellationToken);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Error.Detail);
                return 2;
            }

            var added = result.Value!;
            await output.WriteLineAsync($"Credential {added.Key} for district {added.Tenant} with scopes {LrsScopeNames.Format(added.Scopes)} is stored.");
            if (!parseResult.GetValue(secretFromInput))
            {
                await output.WriteLineAsync($"Secret (shown once; only its hash is stored): {secret}");
            }

            return 0;
        });
        return command;
    }

    private static Command List(IServiceProvider services, TextWriter output)
    {
        var command = new Command("list", "List credentials without their secrets");
        command.SetAction(async (_, cancellationToken) =>
        {
            var credentials = await services.GetRequiredService<LrsCredentialService>().ListAsync(cancellationToken);
            if (credentials.Count == 0)
            {
                await output.WriteLineAsync("No LRS credentials. Add one with 'credential add'.");
                return 0;
            }

            foreach (var credential in credentials)
            {
                await output.WriteLineAsync($"{credential.Key}  district {credential.Tenant}  scopes {LrsScopeNames.Format(credential.Scopes)}  ({credential.Source}, created {credential.CreatedAt:u})");
            }

            return 0;
        });
        return command;
    }

    private static Command Remove(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var key = new Argument<string>("key") { Description = "The key that 'credential list' shows" };
        var command = new Command("remove", "Remove a credential; requests with it are rejected from then on") { key };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var value = parseResult.GetValue(key)!;
            if (!await services.GetRequiredService<LrsCredentialService>().RemoveAsync(value, cancellationToken))
            {
                await error.WriteLineAsync($"No credential has key '{value}'. Run 'credential list' to see the keys.");
                return 1;
            }

            await output.WriteLineAsync($"Removed credential {value}.");
            return 0;
        });
        return command;
    }
}
