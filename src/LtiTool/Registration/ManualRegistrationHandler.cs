using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// The manual registration form at <c>/lti/register/manual</c>, for platforms without Dynamic
/// Registration such as Schoology: an admin copies the platform's values in. The form exists only
/// when <see cref="RegistrationOptions.AdminSecret"/> is set, and every post must carry that
/// secret, so a cross-site page cannot submit it either.
/// </summary>
public sealed partial class ManualRegistrationHandler
{
    private static readonly (string Field, string Label, string Default)[] Fields =
    [
        ("issuer", "Issuer", "https://schoology.schoology.com"),
        ("client_id", "Client id", ""),
        ("deployment_id", "Deployment id", ""),
        ("auth_url", "Authorization URL", "https://lti-service.svc.schoology.com/lti-service/authorize-redirect"),
        ("token_url", "Access token URL", "https://lti-service.svc.schoology.com/lti-service/access-token"),
        ("jwks_url", "Public key set (JWKS) URL", "https://lti-service.svc.schoology.com/lti-service/.well-known/jwks"),
        ("district", "District name", ""),
    ];

    private readonly PlatformRegistry _registry;
    private readonly IOptionsMonitor<RegistrationOptions> _options;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<ManualRegistrationHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public ManualRegistrationHandler(
        PlatformRegistry registry, IOptionsMonitor<RegistrationOptions> options, IHostEnvironment environment, ILogger<ManualRegistrationHandler> logger)
    {
        _registry = registry;
        _options = options;
        _environment = environment;
        _logger = logger;
    }

    /// <summary>Handles <c>GET /lti/register/manual</c>: shows the empty form.</summary>
    public IResult Show(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsEnabled()
            ? PageLayout.Result(context, Render(Fields.ToDictionary(field => field.Field, field => field.Default), problems: []))
            : Results.NotFound();
    }

    /// <summary>Handles <c>POST /lti/register/manual</c>: checks the secret and the values, then stores an active registration.</summary>
    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsEnabled())
        {
            return Results.NotFound();
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var values = Fields.ToDictionary(field => field.Field, field => form[field.Field].ToString().Trim());
        if (!SecretMatches(form["admin_secret"].ToString()))
        {
            Log.ManualRegistrationRejected(_logger);
            return PageLayout.Result(context, Render(values, ["The admin secret is wrong. Use the value of Registration:AdminSecret in the tool's configuration."]), StatusCodes.Status403Forbidden);
        }

        var problems = Check(values);
        if (problems.Count > 0)
        {
            return PageLayout.Result(context, Render(values, problems), StatusCodes.Status400BadRequest);
        }

        var saved = await _registry.SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = values["issuer"],
            ClientId = values["client_id"],
            DeploymentIds = values["deployment_id"].Length == 0 ? [] : [values["deployment_id"]],
            AuthUrl = values["auth_url"],
            TokenUrl = values["token_url"],
            JwksUrl = values["jwks_url"],
            DistrictName = values["district"].Length == 0 ? null : values["district"],
            Source = "form",
        }, CancellationToken.None);
        Log.ManualRegistrationStored(_logger, saved.Issuer, saved.ClientId, saved.Id);
        var deployment = values["deployment_id"].Length == 0
            ? "The first launch records its deployment as pending; approve it with 'platform approve-deployment'."
            : $"Deployment {values["deployment_id"]} is active.";
        var body = $"<p class=\"notice success\" data-testid=\"registered\">Registered {PageLayout.Encode(saved.Issuer)} (client {PageLayout.Encode(saved.ClientId)}) as {PageLayout.Encode(saved.Id)}. {PageLayout.Encode(deployment)}</p>";
        return PageLayout.Result(context, PageLayout.Render("Platform registered", body));
    }

    private bool IsEnabled() => _options.CurrentValue.AdminSecret is { Length: >= 32 };

    private bool SecretMatches(string submitted)
    {
        // Compare hashes, so the time taken does not reveal the secret's length either.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(_options.CurrentValue.AdminSecret!));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(submitted));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private List<string> Check(Dictionary<string, string> values)
    {
        var problems = new List<string>();
        var development = _environment.IsDevelopment();
        foreach (var field in new[] { "issuer", "auth_url", "token_url", "jwks_url" })
        {
            if (RegistrationUrls.Check(values[field], development) is { } problem)
            {
                problems.Add($"{Label(field)}: {problem}.");
            }
        }

        if (values["client_id"].Length is 0 or > 255)
        {
            problems.Add("Client id must have 1 to 255 characters, as Schoology shows it under Options > API Info.");
        }

        // The deployment id may be left empty: the first launch then records it as pending.
        if (values["deployment_id"].Length > 255)
        {
            problems.Add("Deployment id must have at most 255 characters. Leave it empty to approve it after the first launch.");
        }

        return problems;
    }

    private static string Label(string field) => Fields.Single(entry => entry.Field == field).Label;

    private static string Render(Dictionary<string, string> values, IReadOnlyList<string> problems)
    {
        var html = new StringBuilder();
        foreach (var problem in problems)
        {
            html.Append("<p class=\"notice error\" role=\"alert\" data-testid=\"error\">").Append(PageLayout.Encode(problem)).Append("</p>\n");
        }

        html.Append("<p>Register a platform that has no dynamic registration, such as Schoology. Copy each value from the LMS.</p>\n")
            .Append("<form method=\"post\" action=\"/lti/register/manual\">\n");
        foreach (var (field, label, _) in Fields)
        {
            html.Append("<p><label for=\"").Append(field).Append("\">").Append(PageLayout.Encode(label)).Append("</label>")
                .Append("<input type=\"text\" id=\"").Append(field).Append("\" name=\"").Append(field).Append("\" value=\"")
                .Append(PageLayout.Encode(values.GetValueOrDefault(field, ""))).Append("\"></p>\n");
        }

        html.Append("<p><label for=\"admin_secret\">Admin secret</label><input type=\"password\" id=\"admin_secret\" name=\"admin_secret\" autocomplete=\"off\"></p>\n")
            .Append("<button type=\"submit\">Register platform</button>\n</form>\n");
        return PageLayout.Render("Register a platform", html.ToString());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1732, EventName = "ManualRegistrationStored", Level = LogLevel.Information,
            Message = "Platform {Issuer} (client {ClientId}) registered through the manual form as {RegistrationId}")]
        public static partial void ManualRegistrationStored(ILogger logger, string issuer, string clientId, string registrationId);

        [LoggerMessage(EventId = 1733, EventName = "ManualRegistrationRejected", Level = LogLevel.Warning,
            Message = "A manual registration was rejected because the admin secret did not match")]
        public static partial void ManualRegistrationRejected(ILogger logger);
    }
}
