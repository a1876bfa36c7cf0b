using System.CommandLine;
using System.Text.Json;
using LtiPd.LtiTool.Records.Privacy;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>privacy export|delete</c> commands: one person's data, for a district admin.</summary>
internal static class PrivacyCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var privacy = new Command("privacy", "Export or delete one person's data (each run is recorded in the privacy audit log)");
        privacy.Subcommands.Add(Export(services, output, error));
        privacy.Subcommands.Add(Delete(services, output, error));
        return privacy;
    }

    private static Command Export(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var (district, registration, subject) = PersonOptions();
        var file = new Option<FileInfo>("--output") { Description = "The JSON file to write", Required = true };
        var command = new Command("export", "Write everything LtiPd keeps about one person to a JSON file") { district, registration, subject, file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(file)!;
            if (!await OutputFile.FolderExistsAsync(target, error))
            {
                return 2;
            }

            var person = await FindAsync(services, parseResult, district, registration, subject, error, cancellationToken);
            if (person is null)
            {
                return 1;
            }

            var temporary = target.FullName + ".partial";
            try
            {
                await using (var stream = File.Create(temporary))
                {
                    await services.GetRequiredService<PersonDataService>().ExportAsync(person, Actor(), stream, cancellationToken);
                }

                File.Move(temporary, target.FullName, overwrite: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await OutputFile.WriteFailedAsync(target, exception, error);
                return 1;
            }
            finally
            {
                File.Delete(temporary);
            }

            await output.WriteLineAsync($"Exported the data of user {person.UserId} to {target.FullName}.");
            return 0;
        });
        return command;
    }

    private static Command Delete(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var (district, registration, subject) = PersonOptions();
        var confirm = new Option<bool>("--yes") { Description = "Confirm the deletion; it cannot be undone" };
        var command = new Command("delete", "Void and redact one person's statements, remove their points and progress, revoke their certificates") { district, registration, subject, confirm };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(confirm))
            {
                await error.WriteLineAsync("--yes is missing. A deletion cannot be undone; add --yes to confirm it.");
                return 2;
            }

            var person = await FindAsync(services, parseResult, district, registration, subject, error, cancellationToken);
            if (person is null)
            {
                return 1;
            }

            var counts = await services.GetRequiredService<PersonDataService>().EraseAsync(person, Actor(), cancellationToken);
            await output.WriteLineAsync($"Deleted the data of user {person.UserId}: {JsonSerializer.Serialize(counts)}");
            return 0;
        });
        return command;
    }

    private static (Option<string> District, Option<string> Registration, Option<string> Subject) PersonOptions() =>
    (
        new Option<string>("--district") { Description = "The district the person belongs to; the command reaches no other district", Required = true },
        new Option<string>("--registration") { Description = "The platform registration id ('platform list' shows it)", Required = true },
        new Option<string>("--subject") { Description = "The person's LMS user id (LTI subject)", Required = true }
    );

    private static async Task<PersonRef?> FindAsync(
        IServiceProvider services, ParseResult parseResult, Option<string> district, Option<string> registration, Option<string> subject, TextWriter error, CancellationToken cancellationToken)
    {
        var districtId = parseResult.GetValue(district)!;
        var registrationId = parseResult.GetValue(registration)!;
        var subjectValue = parseResult.GetValue(subject)!;
        var person = await services.GetRequiredService<PersonDataService>().FindAsync(districtId, registrationId, subjectValue, cancellationToken);
        if (person is null)
        {
            await error.WriteLineAsync($"No user with subject '{subjectValue}' on registration '{registrationId}' of district '{districtId}'. Check the ids with 'platform list'.");
        }

        return person;
    }

    private static string Actor() => "command line, OS user " + Environment.UserName;
}
