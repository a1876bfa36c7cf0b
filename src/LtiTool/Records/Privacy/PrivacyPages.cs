using System.Globalization;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>
/// Maps the district admin's personal-data page: <c>/app/admin/privacy</c> with its export and
/// delete posts. Only administrators may use it, and a person is looked up on the admin's own
/// registration, so an admin reaches only people of their own district.
/// </summary>
public static class PrivacyPages
{
    /// <summary>Maps the privacy routes.</summary>
    public static IEndpointRouteBuilder MapPrivacyPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/admin/privacy", FormAsync);
        endpoints.MapPost("/app/admin/privacy/export", ExportAsync).DisableAntiforgery();
        endpoints.MapPost("/app/admin/privacy/delete", DeleteAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> FormAsync(HttpContext context, SessionAccessor sessions)
    {
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        if (session.Role < PdRole.Administrator)
        {
            return Forbidden(context);
        }

        var csrf = CsrfCheck.HiddenField(session);
        var body = $"""
            <p>Export or delete the data LtiPd keeps about one person of your district. Every export and deletion is recorded with your name and the time.</p>
            <h2>Export a person's data</h2>
            <form method="post" action="/app/admin/privacy/export">
            {csrf}
            <label for="export-subject">LMS user id (LTI subject)</label>
            <input id="export-subject" name="subject" required>
            <button type="submit">Download the export (JSON)</button>
            </form>
            <h2>Delete a person's data</h2>
            <p>Their activity statements are voided and stripped of their identity, their points, progress and open sessions are removed, and their certificates are revoked. This cannot be undone.</p>
            <form method="post" action="/app/admin/privacy/delete">
            {csrf}
            <label for="delete-subject">LMS user id (LTI subject)</label>
            <input id="delete-subject" name="subject" required>
            <input id="delete-confirm" type="checkbox" name="confirm" value="yes" required>
            <label for="delete-confirm">I understand that the deletion cannot be undone</label>
            <button type="submit">Delete the person's data</button>
            </form>
            """;
        return PageLayout.Result(context, PageLayout.Render("Personal data", body));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, SessionAccessor sessions, PlatformRegistry registry, PersonDataService people)
    {
        var (person, failure) = await ResolveAsync(context, sessions, registry, people, requireConfirmation: false);
        if (person is null)
        {
            return failure!;
        }

        // The JSON writer flushes synchronously, which Kestrel disallows on the response body, so
        // the export is built in memory first. One person's data is small next to a district's.
        var session = (await sessions.GetAsync(context))!;
        using var buffer = new MemoryStream();
        await people.ExportAsync(person, ActorOf(session), buffer, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(buffer.ToArray(), "application/json; charset=utf-8", $"personal-data-{person.UserId}.json");
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, SessionAccessor sessions, PlatformRegistry registry, PersonDataService people)
    {
        var (person, failure) = await ResolveAsync(context, sessions, registry, people, requireConfirmation: true);
        if (person is null)
        {
            return failure!;
        }

        var session = (await sessions.GetAsync(context))!;
        var counts = await people.EraseAsync(person, ActorOf(session), context.RequestAborted);
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            <p data-testid="result">The person's data is deleted.</p>
            <ul>
            <li>Statements voided and redacted: <span data-testid="statements">{counts.StatementsRedacted}</span></li>
            <li>Points ledger rows removed: <span data-testid="ledger">{counts.LedgerRowsRemoved}</span></li>
            <li>Other gamification rows removed: {counts.GamificationRowsRemoved}</li>
            <li>Progress rows removed: <span data-testid="progress">{counts.ProgressRowsRemoved}</span></li>
            <li>Module and pathway completions removed: {counts.CompletionsRemoved}</li>
            <li>Certificates revoked: {counts.CertificatesRevoked}</li>
            <li>Sessions ended: {counts.SessionsRemoved}</li>
            </ul>
            {ForwardingSummary(counts.Forwarding)}
            """);
        return PageLayout.Result(context, PageLayout.Render("Personal data deleted", body));
    }

    private static async Task<(PersonRef? Person, IResult? Failure)> ResolveAsync(
        HttpContext context, SessionAccessor sessions, PlatformRegistry registry, PersonDataService people, bool requireConfirmation)
    {
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        if (session.Role < PdRole.Administrator)
        {
            return (null, Forbidden(context));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!CsrfCheck.IsValid(session, form))
        {
            return (null, LearnerPageResults.CsrfRejected(context));
        }

        var subject = form["subject"].ToString().Trim();
        if (MissingInput(subject, unconfirmed: requireConfirmation && form["confirm"] != "yes") is { } missing)
        {
            return (null, PageLayout.Result(context,
                PageLayout.Render("Missing input", $"<p data-testid=\"error\">{PageLayout.Encode(missing)}</p>"),
                StatusCodes.Status400BadRequest));
        }

        var registration = await registry.FindByIdAsync(session.RegistrationId, context.RequestAborted);
        var person = registration is null ? null : await people.FindAsync(registration.DistrictId, session.RegistrationId, subject, context.RequestAborted);
        if (person is null)
        {
            return (null, LearnerPageResults.NotFound(context, $"No person with LMS user id '{subject}' has used LtiPd through your LMS."));
        }

        return (person, null);
    }

    private static string ForwardingSummary(ErasureForwarding forwarding)
    {
        if (forwarding.LrsEndpoint is null && forwarding.VoidingStatementsQueued == 0 && forwarding.OutboxRowsRedacted == 0)
        {
            return "<p data-testid=\"forwarding\">Your district forwards no statements to an LRS of its own, so nothing else was sent.</p>";
        }

        var target = forwarding.LrsEndpoint is null ? "your district's LRS" : PageLayout.Encode(forwarding.LrsEndpoint);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <p data-testid="forwarding">Queued for {target}: <span data-testid="voiding">{forwarding.VoidingStatementsQueued}</span> voiding statements,
            one for each of the person's statements, sent in order and retried until that LRS accepts them.
            Statements not yet sent were redacted first (<span data-testid="pending-redacted">{forwarding.PendingRowsRedacted}</span>).
            An LRS cannot change a statement it stores, so remove the voided originals in that LRS as its own tools allow.</p>
            """);
    }

    private static string? MissingInput(string subject, bool unconfirmed)
    {
        if (subject.Length == 0)
        {
            return "The LMS user id is empty. Go back, enter the person's LMS user id (LTI subject) and submit again.";
        }

        return unconfirmed
            ? $"The deletion of '{subject}' is not confirmed, so nothing was deleted. Go back, tick \"I understand that the deletion cannot be undone\" and submit again."
            : null;
    }

    private static string ActorOf(LtiSession session) => $"admin {session.UserId} of registration {session.RegistrationId}";

    private static IResult Forbidden(HttpContext context) => PageLayout.Result(
        context,
        PageLayout.Render("Personal data", "<p role=\"alert\">Only district administrators can export or delete a person's data.</p>"),
        StatusCodes.Status403Forbidden);
}
