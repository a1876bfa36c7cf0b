using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Agents;
using LtiPd.XapiBridge.Lrs.Credentials;
using LtiPd.XapiBridge.Lrs.Documents;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>
/// The single entry point of the LRS: unfolds the request, checks the version header and the
/// credential, then dispatches to the resource. One handler for every method and path is what
/// lets the 1.0.3 alternate request syntax (a POST standing for any method) reach the right code.
/// </summary>
internal sealed partial class LrsRequestHandler
{
    /// <summary>The versions the about resource lists.</summary>
    private static readonly string[] SupportedVersions = ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"];

    private readonly StatementsResource _statements;
    private readonly DocumentsResource _documents;
    private readonly AgentsResource _agents;
    private readonly LrsCredentialService _credentials;
    private readonly IOptions<LrsOptions> _options;
    private readonly ILogger<LrsRequestHandler> _logger;

    public LrsRequestHandler(
        StatementsResource statements,
        DocumentsResource documents,
        AgentsResource agents,
        LrsCredentialService credentials,
        IOptions<LrsOptions> options,
        ILogger<LrsRequestHandler> logger)
    {
        _statements = statements;
        _documents = documents;
        _agents = agents;
        _credentials = credentials;
        _options = options;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, string mountPath, string resource)
    {
        var cancellationToken = context.RequestAborted;
        resource = resource.Trim('/');

        // The LRS enforces its own configured limits while reading and return 413 naming them,
        // so the server-wide body limit must not cut the request off first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
        // Until the request's own version is known, respond with the configured default.
        context.Response.Headers[XapiVersionHeader.Name] =
            XapiVersionHeader.TryParse(context.Request.Headers[XapiVersionHeader.Name], out var declared)
                ? declared.ToHeaderValue()
                : _options.Value.DefaultResponseVersion;

        var result = await ProcessAsync(context, mountPath, resource, cancellationToken);
        if (result is ProblemHttpResult problem)
        {
            var code = problem.ProblemDetails.Extensions.TryGetValue("code", out var value) ? value as string : null;
            LogRequestRejected(_logger, context.Request.Method, resource, problem.StatusCode, code ?? "");
        }

        await result.ExecuteAsync(context);
    }

    private async Task<IResult> ProcessAsync(HttpContext context, string mountPath, string resource, CancellationToken cancellationToken)
    {
        var limits = _options.Value;
        var isStatements = resource == "statements";
        var maxBody = isStatements ? limits.MaxStatementRequestBytes : limits.MaxDocumentBytes;
        var read = await LrsRequestReader.ReadAsync(context, resource, maxBody, cancellationToken);
        if (!read.Succeeded)
        {
            var error = read.Error.Status == 413 && !isStatements
                ? LrsErrors.TooLarge(nameof(LrsOptions.MaxDocumentBytes), maxBody, "bytes")
                : read.Error;
            return Reject(error);
        }

        var request = read.Value!;
        if (resource == "about")
        {
            return About(request);
        }

        var versionError = CheckVersion(request);
        if (versionError is not null)
        {
            return Reject(versionError);
        }

        context.Response.Headers[XapiVersionHeader.Name] = request.Version.ToHeaderValue();
        request.Credential = await AuthenticateAsync(request, cancellationToken);
        if (request.Credential is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"xAPI\"";
            return Reject(LrsErrors.Unauthorized(request.Header("Authorization")));
        }

        var result = resource switch
        {
            "statements" => await _statements.HandleAsync(request, mountPath, cancellationToken),
            "activities/state" => await _documents.HandleAsync(request, DocumentKind.State, cancellationToken),
            "activities/profile" => await _documents.HandleAsync(request, DocumentKind.ActivityProfile, cancellationToken),
            "agents/profile" => await _documents.HandleAsync(request, DocumentKind.AgentProfile, cancellationToken),
            "activities" => await _agents.GetActivityAsync(request, cancellationToken),
            "agents" => AgentsResource.GetPerson(request),
            _ => LrsResponses.Problem(LrsErrors.NotFound("path", $"/{resource} is not an xAPI resource. Use statements, activities, activities/state, activities/profile, agents, agents/profile or about.")),
        };
        return result;
    }

    private static LrsError? CheckVersion(LrsRequest request)
    {
        var version = request.Header(XapiVersionHeader.Name);
        if (string.IsNullOrWhiteSpace(version))
        {
            return LrsErrors.MissingVersion();
        }

        if (!XapiVersionHeader.TryParse(version, out var parsed))
        {
            return LrsErrors.UnsupportedVersion(version);
        }

        request.Version = parsed;

        // xAPI 2.0 removed the alternate request syntax.
        if (request.IsAlternateSyntax && request.IsVersion2)
        {
            return LrsErrors.InvalidParameter("method", "xAPI 2.0 has no alternate request syntax. Send the real HTTP method, headers and body.");
        }

        return null;
    }

    private async Task<LrsCredential?> AuthenticateAsync(LrsRequest request, CancellationToken cancellationToken)
    {
        if (!BasicAuthentication.TryParse(request.Header("Authorization"), out var key, out var secret))
        {
            return null;
        }

        var credential = await _credentials.AuthenticateAsync(key, secret, cancellationToken);
        if (credential is null)
        {
            LogAuthenticationFailed(_logger, key);
        }

        return credential;
    }

    private static IResult About(LrsRequest request)
    {
        if (request.Method is not ("GET" or "HEAD"))
        {
            return LrsResponses.Problem(LrsErrors.MethodNotAllowed(request.Method, "about"));
        }

        var about = new JsonObject
        {
            ["version"] = new JsonArray(SupportedVersions.Select(version => (JsonNode?)JsonValue.Create(version)).ToArray()),
            ["extensions"] = new JsonObject(),
        };
        return LrsResponses.Json(about);
    }

    private static IResult Reject(LrsError error) => LrsResponses.Problem(error);

    [LoggerMessage(EventId = 2010, EventName = "LrsAuthenticationFailed", Level = LogLevel.Information,
        Message = "LRS request rejected: key {Key} and secret do not match a registered credential")]
    private static partial void LogAuthenticationFailed(ILogger logger, string key);

    [LoggerMessage(EventId = 2011, EventName = "LrsRequestRejected", Level = LogLevel.Information,
        Message = "LRS request {Method} /{Resource} rejected with {Status} ({Code})")]
    private static partial void LogRequestRejected(ILogger logger, string method, string resource, int status, string code);
}
