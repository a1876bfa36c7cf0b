using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>The error pages of the learner surface, each with a status and a sentence saying what to do.</summary>
internal static class LearnerPageResults
{
    public static IResult SignInRequired(HttpContext context) => PageLayout.Result(
        context,
        PageLayout.Render("Sign in from your LMS", "<p>Open LtiPd from your course in the LMS to sign in. Your session may have ended.</p>"),
        StatusCodes.Status401Unauthorized);

    public static IResult CsrfRejected(HttpContext context) => PageLayout.Result(
        context,
        PageLayout.Render("Form expired", "<p data-testid=\"error\">This form could not be accepted because its security token is missing or out of date. Go back, reload the page and submit it again.</p>"),
        StatusCodes.Status403Forbidden);

    public static IResult BodyTooLarge(HttpContext context, long? limitBytes) => PageLayout.Result(
        context,
        PageLayout.Render("Upload too large", $"<p data-testid=\"error\">This form is larger than the {(limitBytes is { } limit ? $"{limit / (1024 * 1024)} MB " : string.Empty)}this page accepts. Go back and choose a smaller file.</p>"),
        StatusCodes.Status413PayloadTooLarge);

    public static IResult FormUnreadable(HttpContext context) => PageLayout.Result(
        context,
        PageLayout.Render("Form not accepted", $"<p data-testid=\"error\">This form could not be read. A form may have {PageFormGuard.LimitsText}. Go back, shorten what you typed and submit it again.</p>"),
        StatusCodes.Status400BadRequest);

    public static IResult NotFound(HttpContext context, string message) => PageLayout.Result(
        context,
        PageLayout.Render("Not found", $"<p>{PageLayout.Encode(message)}</p><p><a href=\"/app/modules\">Browse the module catalog</a></p>"),
        StatusCodes.Status404NotFound);

    public static IResult WrongForm(HttpContext context, CatalogActivity activity) => PageLayout.Result(
        context,
        PageLayout.Render("Wrong form", $"<p data-testid=\"error\">This form does not fit a {PageLayout.Encode(LearnerText.KindLabel(activity.Kind).ToLowerInvariant())} activity. Open the activity again and use the form on its page.</p>"),
        StatusCodes.Status400BadRequest);
}
