using System.CommandLine;
using System.Text;
using LtiPd.XapiBridge.Export;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>export statements</c> command: a district's statements as NDJSON or CSV.</summary>
internal static class ExportCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var export = new Command("export", "Export data of the embedded LRS");
        export.Subcommands.Add(Statements(services, output, error));
        return export;
    }

    private static Command Statements(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var district = new Option<string>("--district") { Description = "The district (LRS tenant) whose statements to export", Required = true };
        var format = new Option<string>("--format") { Description = "ndjson (one stored statement per line) or csv (flattened columns, see docs/analytics.md)", DefaultValueFactory = _ => "ndjson" };
        var file = new Option<FileInfo>("--output") { Description = "The file to write; it appears only once the export is complete", Required = true };
        var filters = new Dictionary<string, Option<string?>>(StringComparer.Ordinal)
        {
            ["since"] = new("--since") { Description = "Only statements stored after this ISO 8601 time, such as 2026-09-01T00:00:00Z" },
            ["until"] = new("--until") { Description = "Only statements stored at or before this ISO 8601 time" },
            ["verb"] = new("--verb") { Description = "Only statements with this verb IRI" },
            ["activity"] = new("--activity") { Description = "Only statements whose object is this activity IRI" },
            ["agent"] = new("--agent") { Description = "Only statements of this agent, as xAPI agent JSON" },
            ["registration"] = new("--registration") { Description = "Only statements with this registration UUID" },
        };

        var command = new Command("statements", "Write a district's statements (voided ones left out) to a file, streaming from the database") { district, format, file };
        foreach (var option in filters.Values)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = parseResult.GetValue(format)! };
            foreach (var (name, option) in filters)
            {
                if (parseResult.GetValue(option) is { } value)
                {
                    parameters[name] = value;
                }
            }

            var request = StatementExportRequest.Parse(parameters);
            if (!request.Succeeded)
            {
                await error.WriteLineAsync("--" + request.Error.Detail);
                return 2;
            }

            // An unknown district would export an empty file and look like a district without statements.
            var districtId = parseResult.GetValue(district)!;
            if (!await DistrictOption.ExistsAsync(services, districtId, "--district", error, cancellationToken))
            {
                return 2;
            }

            var target = parseResult.GetValue(file)!;
            if (!await OutputFile.FolderExistsAsync(target, error))
            {
                return 2;
            }

            long count;
            try
            {
                count = await WriteAtomicallyAsync(target, writer =>
                    services.GetRequiredService<StatementExporter>().ExportAsync(districtId, request.Value!, writer, cancellationToken), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await OutputFile.WriteFailedAsync(target, exception, error);
                return 1;
            }

            await output.WriteLineAsync($"Exported {count} statements to {target.FullName}.");
            return 0;
        });
        return command;
    }

    // The export goes to a temporary file beside the target, renamed once complete, so a failed
    // or cancelled run never leaves a partial file under the requested name.
    private static async Task<long> WriteAtomicallyAsync(FileInfo target, Func<TextWriter, Task<long>> write, CancellationToken cancellationToken)
    {
        var temporary = target.FullName + ".partial";
        try
        {
            long count;
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024))
            {
                count = await write(writer);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, target.FullName, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
