using Microsoft.AspNetCore.Http.Features;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// Reads every URL-encoded form posted to an <c>/app</c> page before its endpoint runs, so a form
/// that ASP.NET Core cannot parse gets a 400 page instead of the exception page. The endpoints then
/// read the same form from the request's form feature.
/// </summary>
/// <remarks>
/// Multipart forms (evidence, logo and roster uploads) are left to their endpoints, because those
/// set their own size limits before they read the body.
/// </remarks>
public static partial class PageFormGuard
{
    /// <summary>Adds the middleware. Call it before the <c>/app</c> endpoints are mapped.</summary>
    public static IApplicationBuilder UsePageFormGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsPost(request.Method)
                || !request.Path.StartsWithSegments("/app", StringComparison.Ordinal)
                || !request.HasFormContentType
                || request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
            {
                // ReadFormAsync throws InvalidDataException for a form over FormOptions' limits or with a NUL
                // character, and BadHttpRequestException for a body over Kestrel's size limit or one that ended early.
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PageFormGuard));
                Log.FormUnreadable(logger, request.Path.Value, exception.Message);
                await LearnerPageResults.FormUnreadable(context).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>The limits the rejection page names: ASP.NET Core's <see cref="FormOptions"/> defaults, which the app keeps.</summary>
    internal static string LimitsText { get; } = DescribeLimits(new FormOptions());

    private static string DescribeLimits(FormOptions defaults) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"at most {defaults.ValueCountLimit:N0} fields, each under {defaults.ValueLengthLimit / (1024 * 1024)} MiB, with no NUL characters");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "PageFormUnreadable", Level = LogLevel.Information,
            Message = "Rejected a form post to {Path} that could not be read: {Reason}")]
        public static partial void FormUnreadable(ILogger logger, string? path, string reason);
    }
}
