using System.CommandLine;
using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.Schools;

/// <summary>The <c>school</c> commands: import a roster CSV that places teachers in schools, and list a district's schools.</summary>
internal static class SchoolCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var school = new Command("school", "Place teachers in schools from a roster CSV and list the schools");
        school.Subcommands.Add(Import(services, output, error));
        school.Subcommands.Add(List(services, output, error));
        return school;
    }

    private static Command Import(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var registration = new Option<string>("--registration") { Description = "The platform registration id the subjects belong to (see 'platform list')", Required = true };
        var file = new Argument<FileInfo>("FILE") { Description = "The roster CSV: header subject,school_id,school_name, then one row per person" };
        var command = new Command("import", "Import a roster CSV; every row is imported, or none when any row is invalid") { registration, file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var found = await FindRegistrationAsync(services, parseResult.GetValue(registration)!, error, cancellationToken);
            var path = parseResult.GetValue(file)!;
            if (found is null)
            {
                return 2;
            }

            if (!path.Exists)
            {
                await error.WriteLineAsync($"File '{path.FullName}' was not found. Give the path of the roster CSV.");
                return 2;
            }

            if (path.Length > RosterCsvReader.MaxBytes)
            {
                await error.WriteLineAsync($"File '{path.FullName}' is {path.Length} bytes; the limit is {RosterCsvReader.MaxBytes}. Split it into several files.");
                return 2;
            }

            await using var stream = path.OpenRead();
            var (imported, problems) = await services.GetRequiredService<SchoolDirectory>().ImportAsync(found, stream, cancellationToken);
            if (problems.Count > 0)
            {
                await error.WriteLineAsync($"Nothing was imported: the file has {problems.Count} problem(s).");
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem.ToString());
                }

                return 1;
            }

            await output.WriteLineAsync($"Imported {imported} roster rows for registration {found.Id}.");
            return 0;
        });
        return command;
    }

    private static Command List(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var registration = new Option<string>("--registration") { Description = "A platform registration id; its district's schools are listed", Required = true };
        var command = new Command("list", "List the schools of a registration's district") { registration };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var found = await FindRegistrationAsync(services, parseResult.GetValue(registration)!, error, cancellationToken);
            if (found is null)
            {
                return 2;
            }

            foreach (var school in await services.GetRequiredService<SchoolDirectory>().ListAsync(found.DistrictId, cancellationToken))
            {
                await output.WriteLineAsync($"{school.RegistrationId}  {school.SchoolId}  {school.Name}");
            }

            return 0;
        });
        return command;
    }

    private static async Task<PlatformRegistration?> FindRegistrationAsync(IServiceProvider services, string id, TextWriter error, CancellationToken cancellationToken)
    {
        var registration = await services.GetRequiredService<PlatformRegistry>().FindByIdAsync(id, cancellationToken);
        if (registration is null)
        {
            await error.WriteLineAsync($"Registration '{id}' was not found. Run 'platform list' to see the registration ids.");
        }

        return registration;
    }
}
