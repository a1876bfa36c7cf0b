using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Renders a rejected login or launch: a page that fits in the LMS iframe, says what went wrong in
/// words for the person's role and what the LMS admin should check, and carries the stable reason
/// code and a correlation id. Clients asking for JSON get RFC 9457 problem details instead.
/// </summary>
public static class LaunchErrorResult
{
    /// <summary>The response header that carries the reason code, for scripts and tests.</summary>
    public const string ReasonHeader = "X-LtiPd-Reason";

    /// <summary>Creates the response for <paramref name="failure"/>.</summary>
    public static IResult Create(LaunchFailure failure, HttpContext httpContext, PdRole? role)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(httpContext);
        var correlationId = httpContext.TraceIdentifier;
        httpContext.Response.Headers[ReasonHeader] = failure.Error.Code;
        httpContext.Response.Headers.CacheControl = "no-store";

        var accept = httpContext.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            || accept.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                title: failure.Error.UserMessage,
                detail: failure.Error.AdminHint,
                statusCode: failure.Error.Status,
                type: "https://ltipd.invalid/errors/" + failure.Error.Code,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = failure.Error.Code,
                    ["step"] = failure.Error.Step,
                    ["detail_value"] = failure.Detail,
                    ["correlation_id"] = correlationId,
                });
        }

        return Results.Content(RenderPage(failure, role, correlationId), "text/html; charset=utf-8", Encoding.UTF8, failure.Error.Status);
    }

    private static string RenderPage(LaunchFailure failure, PdRole? role, string correlationId)
    {
        var encoder = HtmlEncoder.Default;
        var error = failure.Error;
        var forAdmin = role is PdRole.Administrator or PdRole.Instructor;
        var heading = error.IsTransient ? "This activity could not open" : "LtiPd could not sign you in";
        var nextStep = forAdmin || error.IsTransient
            ? ""
            : "<p>If this keeps happening, send the reason code and reference below to your LMS administrator.</p>";
        var adminOpen = forAdmin ? " open" : "";
        var detail = failure.Detail is null ? "" : $"<dt>Detail</dt><dd><code>{encoder.Encode(failure.Detail)}</code></dd>";

        return string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="ltipd-reason" content="{{encoder.Encode(error.Code)}}">
            <title>{{encoder.Encode(heading)}} - LtiPd</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; color: #1b1b1b; background: #fff; line-height: 1.5; }
            main { max-width: 40rem; }
            h1 { font-size: 1.4rem; margin-top: 0; }
            .notice { border-left: 4px solid #b50909; padding: 0.5rem 1rem; background: #fdf2f2; }
            details { margin-top: 1rem; border: 1px solid #c7c7c7; border-radius: 4px; padding: 0.5rem 1rem; }
            summary { cursor: pointer; font-weight: 600; }
            dt { font-weight: 600; }
            dd { margin: 0 0 0.5rem 0; overflow-wrap: anywhere; }
            code { font-size: 0.95em; }
            </style>
            </head>
            <body>
            <main>
            <h1>{{encoder.Encode(heading)}}</h1>
            <div class="notice" role="alert"><p>{{encoder.Encode(error.UserMessage)}}</p></div>
            {{nextStep}}
            <details{{adminOpen}}>
            <summary>For your LMS administrator</summary>
            <p>{{encoder.Encode(error.AdminHint)}}</p>
            <dl>
            <dt>Reason code</dt><dd><code>{{encoder.Encode(error.Code)}}</code></dd>
            <dt>Failed check</dt><dd>{{encoder.Encode(error.Step)}}</dd>
            {{detail}}
            <dt>Reference</dt><dd><code>{{encoder.Encode(correlationId)}}</code></dd>
            </dl>
            </details>
            </main>
            </body>
            </html>
            """);
    }
}
