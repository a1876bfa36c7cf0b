using System.CommandLine;
using LtiPd.LtiTool.Services.Nrps;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>roster</c> commands: copy course rosters from the LMS with Names and Role Provisioning Services.</summary>
internal static class RosterCommands
{
    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var roster = new Command("roster", "Course rosters from the LMS (Names and Role Provisioning Services)");
        roster.Subcommands.Add(Sync(services, output, error));
        return roster;
    }

    private static Command Sync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var registration = new Option<string>("--registration") { Description = "The registration id, as 'platform list' shows it", Required = true };
        var context = new Option<string?>("--context") { Description = "The LMS's course id (context_id); default: every course launched from with a roster URL" };
        var role = new Option<string?>("--role") { Description = "Only members with this role, a full LIS role URI or a short name such as Learner (nobody is marked inactive)" };
        var resourceLink = new Option<string?>("--rlid") { Description = "Only members who can see this LMS resource link id (nobody is marked inactive)" };

        var command = new Command("sync", "Copy course rosters into LtiPd; members who left are marked inactive") { registration, context, role, resourceLink };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var registrationId = parseResult.GetValue(registration)!;
            IReadOnlyList<(string ContextId, RosterSyncResult Result)> results;
            try
            {
                results = await services.GetRequiredService<RosterSync>().SyncAsync(
                    registrationId, null, parseResult.GetValue(context), parseResult.GetValue(role), parseResult.GetValue(resourceLink), cancellationToken);
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync(exception.Message.Split(" (Parameter", 2)[0]);
                return 1;
            }

            if (results.Count == 0)
            {
                await error.WriteLineAsync($"No course of registration '{registrationId}' has a roster URL. A PD leader must launch LtiPd from the course once, with Names and Role Provisioning Services enabled for the tool.");
                return 1;
            }

            var failed = 0;
            foreach (var (contextId, result) in results)
            {
                if (result.Succeeded)
                {
                    await output.WriteLineAsync($"Course {contextId}: {result.Members} members in {result.Pages} pages, {result.MarkedInactive} marked inactive.");
                }
                else
                {
                    failed++;
                    await error.WriteLineAsync($"Course {contextId}: roster sync failed, stored members are unchanged: {result.Error}");
                }
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
