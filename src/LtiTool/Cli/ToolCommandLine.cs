using System.CommandLine;
using System.Globalization;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Schools;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Cli;

/// <summary>
/// The admin command line: <c>dotnet run --project src/LtiTool -- platform add|list|remove|approve-deployment</c>,
/// <c>keys list|rotate</c>, <c>credential add|list|remove</c>, <c>roster sync</c>, <c>school import|list</c>, <c>export statements</c>, <c>privacy export|delete</c>, <c>analytics rebuild</c> and <c>badge-keys list|rotate</c>. Commands run against the configured database and exit.
/// </summary>
public static class ToolCommandLine
{
    // Help options at the top level also go to the command line, so "--help" lists the commands
    // instead of starting the web server.
    private static readonly string[] CommandNames = ["platform", "keys", "credential", "roster", "school", "export", "privacy", "analytics", "badge-keys", "--help", "-h", "-?", "help"];

    /// <summary>Whether <paramref name="args"/> ask for an admin command rather than the web server.</summary>
    /// <remarks>
    /// A first word that is neither an option (<c>--urls</c>) nor a <c>key=value</c> setting is
    /// read as a command too, so a mistyped command fails with the help text instead of starting
    /// a second web server.
    /// </remarks>
    public static bool IsCommand(string[] args) =>
        args.Length > 0
        && (CommandNames.Contains(args[0], StringComparer.Ordinal) || (!args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)));

    /// <summary>
    /// Runs the command in <paramref name="args"/>, writing results to <paramref name="output"/>
    /// and problems (invalid options, unknown ids, parse errors) to <paramref name="error"/>.
    /// Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        var root = new RootCommand("LtiPd administration");
        root.Subcommands.Add(PlatformCommands.Create(services, output, error));
        root.Subcommands.Add(KeyCommands(services, output));
        root.Subcommands.Add(CredentialCommands.Create(services, output, error));
        root.Subcommands.Add(RosterCommands.Create(services, output, error));
        root.Subcommands.Add(SchoolCommands.Create(services, output, error));
        root.Subcommands.Add(ExportCommands.Create(services, output, error));
        root.Subcommands.Add(PrivacyCommands.Create(services, output, error));
        root.Subcommands.Add(AnalyticsCommands.Create(services, output, error));
        root.Subcommands.Add(BadgeKeyCommands.Create(services, output, error));
        var parseResult = root.Parse(args is ["help"] ? ["--help"] : args);
        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command KeyCommands(IServiceProvider services, TextWriter output)
    {
        var keys = new Command("keys", "Show and rotate the tool's signing keys");

        var list = new Command("list", "List the tool's keys and their rotation status");
        list.SetAction(async (_, cancellationToken) =>
        {
            var store = services.GetRequiredService<ToolKeyStore>();
            await store.EnsureCurrentKeyAsync(cancellationToken);
            foreach (var key in await store.ListAsync(cancellationToken))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{key.KeyId}  {key.Status,-8}  created {key.CreatedAt:u}{(key.RetiredAt is { } retired ? $"  retired {retired:u}" : "")}"));
            }

            return 0;
        });

        var force = new Option<bool>("--now") { Description = "Switch to the next key without waiting for Lti:KeyPublishMinutes (platforms that cached the old JWKS may reject messages until they refetch)" };
        var rotate = new Command("rotate", "Publish a next key; run again after Lti:KeyPublishMinutes to make it current") { force };
        rotate.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = services.GetRequiredService<ToolKeyStore>();
            await store.EnsureCurrentKeyAsync(cancellationToken);
            var result = await store.RotateAsync(parseResult.GetValue(force), cancellationToken);
            var message = result.Step switch
            {
                KeyRotationStep.NextKeyPublished => $"Published next key {result.KeyId}. Run 'keys rotate' again after {result.ActivateAfter:u} to make it current.",
                KeyRotationStep.Waiting => $"Next key {result.KeyId} is published but not yet old enough. Run 'keys rotate' after {result.ActivateAfter:u}, or add --now.",
                KeyRotationStep.Activated => $"Key {result.KeyId} now signs the tool's messages; the previous key stays published for {ToolKeyStore.RetiredKeyGrace.TotalDays} days.",
            };
            await output.WriteLineAsync(message);
            return 0;
        });

        keys.Subcommands.Add(list);
        keys.Subcommands.Add(rotate);
        return keys;
    }
}
