using System.Globalization;
using System.Text;
using LtiPd.XapiBridge.Lrs;
using LtiPd.XapiBridge.Lrs.Credentials;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LtiPd.XapiBridge.Export;

/// <summary>Maps the statement export of the embedded LRS.</summary>
public static partial class StatementExportEndpoints
{
    /// <summary>
    /// Maps <c>GET {prefix}/export</c>: the statements of the credential's district as NDJSON or
    /// CSV, streamed while they are read. It takes HTTP Basic LRS credentials with
    /// <c>statements/read</c>, <c>all/read</c> or <c>all</c> (every statement of the district)
    /// or <c>statements/read/mine</c> (only the statements that credential stored).
    /// </summary>
    public static IEndpointConventionBuilder MapStatementExport(this IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        return endpoints.MapGet("/" + prefix.Trim('/') + "/export", ExportAsync);
    }

    private static async Task ExportAsync(
        HttpContext context, LrsCredentialService credentials, StatementExporter exporter, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggerFactory.CreateLogger(typeof(StatementExportEndpoints));

        var credential = await AuthenticateAsync(context, credentials, cancellationToken);
        if (credential is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"xAPI\"";
            await Problem(LrsErrors.Unauthorized(context.Request.Headers.Authorization)).ExecuteAsync(context);
            return;
        }

        if (!credential.Allows(LrsScopes.StatementsRead, write: false))
        {
            await Problem(LrsErrors.Forbidden("statements/read")).ExecuteAsync(context);
            return;
        }

        var parameters = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var parsed = StatementExportRequest.Parse(parameters);
        if (!parsed.Succeeded)
        {
            await Problem(parsed.Error).ExecuteAsync(context);
            return;
        }

        var request = parsed.Value!;
        if (!credential.CanReadAllStatements)
        {
            request = request with { Filter = request.Filter with { OnlyCredentialKey = credential.Key } };
        }

        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"statements-{timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.{StatementExporter.FileExtension(request.Format)}");
        context.Response.ContentType = StatementExporter.ContentType(request.Format);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        context.Response.Headers.CacheControl = "no-store";

        // The body is written while the rows are read; nothing collects the whole export first.
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        var count = await exporter.ExportAsync(credential.Tenant, request, writer, cancellationToken);
        LogExported(logger, credential.Key, credential.Tenant, request.Format, count);
    }

    private static async Task<LrsCredential?> AuthenticateAsync(HttpContext context, LrsCredentialService credentials, CancellationToken cancellationToken)
    {
        if (!BasicAuthentication.TryParse(context.Request.Headers.Authorization, out var key, out var secret))
        {
            return null;
        }

        return await credentials.AuthenticateAsync(key, secret, cancellationToken);
    }

    private static ProblemHttpResult Problem(LrsError error) =>
        TypedResults.Problem(error.Detail, statusCode: error.Status, title: error.Title, extensions: new Dictionary<string, object?>
        {
            ["code"] = error.Code,
            ["field"] = error.Field,
        });

    [LoggerMessage(EventId = 2600, EventName = "StatementsExported", Level = LogLevel.Information,
        Message = "Credential {Key} exported {Count} statements of district {Tenant} as {Format}")]
    private static partial void LogExported(ILogger logger, string key, string tenant, ExportFormat format, long count);
}
