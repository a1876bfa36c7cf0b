using System.CommandLine;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Review;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Cli;

/// <summary>The <c>platform</c> commands: register, list and remove LMS platforms, approve deployments.</summary>
internal static class PlatformCommands
{
    /// <summary>The longest custom parameter name accepted, the size of its PostgreSQL and SQL Server column.</summary>
    private const int MaxParameterNameLength = 255;

    public static Command Create(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var platform = new Command("platform", "Register LMS platforms (issuer, client id, endpoints, deployments)");
        platform.Subcommands.Add(Add(services, output, error));
        platform.Subcommands.Add(List(services, output));
        platform.Subcommands.Add(Remove(services, output, error));
        platform.Subcommands.Add(ApproveDeployment(services, output, error));
        return platform;
    }

    private static Command Add(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var issuer = new Option<string>("--issuer") { Description = "The platform's issuer, such as https://canvas.instructure.com", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "The client id the LMS assigned to the tool", Required = true };
        var deployments = new Option<string[]>("--deployment-id") { Description = "A deployment id to admit (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var authUrl = new Option<string>("--auth-url") { Description = "The platform's OIDC authorization endpoint", Required = true };
        var tokenUrl = new Option<string>("--token-url") { Description = "The platform's OAuth 2.0 token endpoint", Required = true };
        var jwksUrl = new Option<string>("--jwks-url") { Description = "The platform's JWKS URL", Required = true };
        var tokenAudience = new Option<string?>("--token-audience") { Description = "The client assertion audience, when it is not the token URL" };
        var district = new Option<string?>("--district") { Description = "The owning district's name (default: the issuer with the client id)" };
        var schoolParameter = new Option<string?>("--school-parameter")
        {
            Description = "The launch custom parameter that carries the teacher's school id, such as school_id (set school_id=$Canvas.account.id in Canvas). Default: none, so schools come only from 'school import'",
        };
        var schoolNameParameter = new Option<string?>("--school-name-parameter")
        {
            Description = "The launch custom parameter that carries the school's name, such as school_name; needs --school-parameter",
        };

        var command = new Command("add", "Register a platform, or update the endpoints of an existing registration")
        {
            issuer, clientId, deployments, authUrl, tokenUrl, jwksUrl, tokenAudience, district, schoolParameter, schoolNameParameter,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requireHttps = services.GetRequiredService<IOptions<LtiOptions>>().Value.RequireHttps;
            var urls = new List<(string Option, string? Value)>
            {
                ("--issuer", parseResult.GetValue(issuer)),
                ("--auth-url", parseResult.GetValue(authUrl)),
                ("--token-url", parseResult.GetValue(tokenUrl)),
                ("--jwks-url", parseResult.GetValue(jwksUrl)),
            };
            if (parseResult.GetValue(tokenAudience) is { Length: > 0 } audience)
            {
                urls.Add(("--token-audience", audience));
            }

            // The issuer is compared exactly with each id_token's iss, so it must be the URL the
            // LMS shows, without changes; like the endpoints, it must be an absolute URL.
            var problems = urls
                .Select(pair => PlatformUrls.Check(pair.Value, requireHttps) is { } problem ? $"{pair.Option} '{pair.Value}' {problem}" : null)
                .OfType<string>()
                .ToList();
            if (string.IsNullOrWhiteSpace(parseResult.GetValue(clientId)))
            {
                problems.Add("--client-id is empty. Copy the client id the LMS shows for the tool's developer key or registration.");
            }

            var deploymentIds = parseResult.GetValue(deployments) ?? [];
            problems.AddRange(deploymentIds
                .Where(id => string.IsNullOrWhiteSpace(id) || id.Length > 255)
                .Select(id => $"--deployment-id '{id}' is invalid. A deployment id has 1 to 255 characters, as the LMS shows it."));
            problems.AddRange(SchoolParameterProblems(parseResult.GetValue(schoolParameter), parseResult.GetValue(schoolNameParameter)));
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem);
                }

                return 2;
            }

            var registry = services.GetRequiredService<PlatformRegistry>();
            var existing = await registry.FindAsync(parseResult.GetValue(issuer)!, parseResult.GetValue(clientId)!, cancellationToken);
            var saved = await registry.SaveAsync(new PlatformRegistrationRequest
            {
                Issuer = parseResult.GetValue(issuer)!,
                ClientId = parseResult.GetValue(clientId)!,
                DeploymentIds = deploymentIds,
                AuthUrl = parseResult.GetValue(authUrl)!,
                TokenUrl = parseResult.GetValue(tokenUrl)!,
                JwksUrl = parseResult.GetValue(jwksUrl)!,
                TokenAudience = parseResult.GetValue(tokenAudience),
                DistrictName = parseResult.GetValue(district),
                SchoolParameter = parseResult.GetValue(schoolParameter),
                SchoolNameParameter = parseResult.GetValue(schoolNameParameter),
                Source = "cli",
            }, cancellationToken);
            await output.WriteLineAsync(existing is null
                ? $"Registered {saved.Issuer} (client {saved.ClientId}) as {saved.Id} for district {saved.DistrictId}."
                : $"Updated the endpoints of {saved.Issuer} (client {saved.ClientId}), registration {saved.Id}; its district is unchanged.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Checks the school parameter options: each is a custom parameter's name, as the LMS sends it
    /// in the launch's custom claim, and a school name needs a school id beside it.
    /// </summary>
    private static IEnumerable<string> SchoolParameterProblems(string? schoolParameter, string? schoolNameParameter)
    {
        foreach (var (option, value) in new[] { ("--school-parameter", schoolParameter), ("--school-name-parameter", schoolNameParameter) })
        {
            if (value is null)
            {
                continue;
            }

            if (value.StartsWith('$'))
            {
                // The LMS substitution variable is the parameter's value, not its name.
                yield return $"{option} '{value}' is a substitution variable, not a parameter name. Pass the custom parameter's name, such as school_id, " +
                    $"and set school_id={value} in the LMS's custom fields.";
            }
            else if (value.Length is 0 or > MaxParameterNameLength || !value.All(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '-' or '.'))
            {
                yield return $"{option} '{value}' is not a custom parameter name. Use 1 to {MaxParameterNameLength} letters, digits, '_', '-' or '.', " +
                    "as in the LMS's custom fields, such as school_id.";
            }
        }

        if (schoolNameParameter is not null && schoolParameter is null)
        {
            yield return "--school-name-parameter needs --school-parameter: a school name is stored only with the school id it belongs to.";
        }
    }

    private static Command List(IServiceProvider services, TextWriter output)
    {
        var command = new Command("list", "List registered platforms and their deployments");
        command.SetAction(async (_, cancellationToken) =>
        {
            var registry = services.GetRequiredService<PlatformRegistry>();
            var registrations = await registry.ListAsync(cancellationToken);
            if (registrations.Count == 0)
            {
                await output.WriteLineAsync("No platforms registered. Add one with 'platform add'.");
                return 0;
            }

            foreach (var registration in registrations)
            {
                await output.WriteLineAsync($"{registration.Id}  {registration.Issuer}  client {registration.ClientId}  district {registration.DistrictId}  ({registration.Source})");
                await output.WriteLineAsync($"    auth  {registration.AuthUrl}");
                await output.WriteLineAsync($"    token {registration.TokenUrl}{(registration.TokenAudience is null ? "" : $" (audience {registration.TokenAudience})")}");
                await output.WriteLineAsync($"    jwks  {registration.JwksUrl}");
                if (registration.SchoolParameter is { } school)
                {
                    var name = registration.SchoolNameParameter is { } schoolName ? $", name from {schoolName}" : "";
                    await output.WriteLineAsync($"    school from launch parameter {school}{name}");
                }

                foreach (var deployment in await registry.ListDeploymentsAsync(registration.Id, cancellationToken))
                {
                    await output.WriteLineAsync($"    deployment {deployment.DeploymentId}  {deployment.Status}");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Remove(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("registration-id") { Description = "The registration id that 'platform list' shows" };
        var command = new Command("remove", "Remove a platform and every record scoped to it (users, courses, sessions, certificates, evidence and its files)") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var registrationId = parseResult.GetValue(id)!;
            var fileKeys = await services.GetRequiredService<PlatformRegistry>().RemoveWithEvidenceFilesAsync(registrationId, cancellationToken);
            if (fileKeys is null)
            {
                await error.WriteLineAsync($"No registration has id '{registrationId}'. Run 'platform list' to see the ids.");
                return 1;
            }

            // The rows are gone, so the files are deleted now; one that cannot be is named for the operator.
            var files = services.GetRequiredService<EvidenceFileStore>();
            var kept = new List<string>();
            foreach (var key in fileKeys)
            {
                try
                {
                    files.Delete(key);
                }
                catch (DirectoryNotFoundException)
                {
                    // No evidence folder means the file is already gone.
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    kept.Add(key);
                }
            }

            await output.WriteLineAsync($"Removed registration {registrationId} and {fileKeys.Count - kept.Count} evidence files.");
            if (kept.Count > 0)
            {
                await error.WriteLineAsync(
                    $"{kept.Count} evidence files of the removed registration could not be deleted from {files.Folder}: {string.Join(", ", kept)}. " +
                    "No row refers to them any more; delete them by hand once the folder is writable.");
            }

            return 0;
        });
        return command;
    }

    private static Command ApproveDeployment(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("registration-id") { Description = "The registration id that 'platform list' shows" };
        var deployment = new Argument<string>("deployment-id") { Description = "The deployment id to admit" };
        var command = new Command("approve-deployment", "Admit launches from a pending (or new) deployment") { id, deployment };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var registrationId = parseResult.GetValue(id)!;
            var deploymentId = parseResult.GetValue(deployment)!;
            if (!await services.GetRequiredService<PlatformRegistry>().ApproveDeploymentAsync(registrationId, deploymentId, cancellationToken))
            {
                await error.WriteLineAsync($"No registration has id '{registrationId}'. Run 'platform list' to see the ids.");
                return 1;
            }

            await output.WriteLineAsync($"Deployment {deploymentId} of {registrationId} is active.");
            return 0;
        });
        return command;
    }
}
