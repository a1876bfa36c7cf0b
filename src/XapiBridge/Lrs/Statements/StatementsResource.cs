using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Credentials;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The statements resource (xAPI 1.0.3 Communication 2.1): PUT, POST, GET and HEAD.</summary>
internal sealed partial class StatementsResource
{
    private static readonly HashSet<string> SingleStatementExtras = new(StringComparer.Ordinal) { "attachments", "format" };

    private readonly StatementWriter _writer;
    private readonly StatementReader _reader;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<LrsOptions> _options;
    private readonly ILogger<StatementsResource> _logger;
    private readonly InFlightWrites _inFlight;

    public StatementsResource(
        StatementWriter writer,
        StatementReader reader,
        TimeProvider timeProvider,
        InFlightWrites inFlight,
        IOptions<LrsOptions> options,
        ILogger<StatementsResource> logger)
    {
        _inFlight = inFlight;
        _logger = logger;
        _writer = writer;
        _reader = reader;
        _timeProvider = timeProvider;
        _options = options;
    }

    public async Task<IResult> HandleAsync(LrsRequest request, string mountPath, CancellationToken cancellationToken)
    {
        var credential = request.Credential!;
        switch (request.Method)
        {
            case "GET":
            case "HEAD":
                return credential.Allows(LrsScopes.StatementsRead, write: false)
                    ? await GetAsync(request, mountPath, cancellationToken)
                    : LrsResponses.Problem(LrsErrors.Forbidden("statements/read"));

            case "PUT":
            case "POST":
                if (!credential.Allows(LrsScopes.StatementsWrite, write: true))
                {
                    return LrsResponses.Problem(LrsErrors.Forbidden("statements/write"));
                }

                return await WriteAsync(request, cancellationToken);

            default:
                return LrsResponses.Problem(LrsErrors.MethodNotAllowed(request.Method, request.Resource));
        }
    }

    private async Task<IResult> WriteAsync(LrsRequest request, CancellationToken cancellationToken)
    {
        var isPut = request.Method == "PUT";
        var statementId = request.Parameter("statementId");
        if (isPut && statementId is null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter("statementId",
                "PUT statements needs the statementId parameter. Add ?statementId=<uuid>, or POST the statement instead."));
        }

        var writeRequest = new StatementWriteRequest(
            request.Tenant, request.Credential!.Key, request.Version, isPut ? statementId : null, request.ContentType, request.Body);
        var result = await _writer.WriteAsync(writeRequest, cancellationToken);
        if (!result.Succeeded)
        {
            return LrsResponses.Problem(result.Error);
        }

        LogStatementsStored(_logger, result.Value!.Count, request.Tenant, request.Credential.Key);
        if (isPut)
        {
            return LrsResponses.NoContent();
        }

        return LrsResponses.Json(new JsonArray(result.Value!.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()));
    }

    private async Task<IResult> GetAsync(LrsRequest request, string mountPath, CancellationToken cancellationToken)
    {
        // Read before the query: everything stored up to this time has committed, so the query returns it.
        var consistentThrough = _inFlight.ConsistentThrough(_timeProvider.GetUtcNow());
        request.HttpContext.Response.Headers["X-Experience-API-Consistent-Through"] = Timestamps.Format(consistentThrough);

        var onlyMine = request.Credential!.CanReadAllStatements ? null : request.Credential.Key;
        var statementId = request.Parameter("statementId");
        var voidedStatementId = request.Parameter("voidedStatementId");
        if (statementId is not null || voidedStatementId is not null)
        {
            return await GetSingleAsync(request, statementId, voidedStatementId, onlyMine, cancellationToken);
        }

        var maxPage = _options.Value.MaxStatementsPerPage;
        var parsed = request.Parameter("more") is { } more
            ? StatementQueryParser.ParseCursor(more, maxPage)
            : StatementQueryParser.Parse(request.Parameters, maxPage);
        if (!parsed.Succeeded)
        {
            return LrsResponses.Problem(parsed.Error);
        }

        var query = parsed.Value!;
        var (rows, maxSeq) = await _reader.QueryAsync(request.Tenant, onlyMine, query, query.MaxSeq, cancellationToken);
        var page = rows.Take(query.Limit).ToList();

        var moreUrl = rows.Count > query.Limit
            ? $"{request.HttpContext.Request.PathBase}{mountPath}/statements?more={StatementQueryParser.CreateCursor(query, page[^1].Seq, maxSeq)}"
            : "";
        var lastModified = page.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(page.Max(row => row.StoredAtMs)) : consistentThrough;
        request.HttpContext.Response.Headers.LastModified = LrsResponses.HttpDate(lastModified);

        // The stored text is already the exact format, written by the same JSON writer, so it is
        // copied into the response instead of being parsed and written again.
        if (query.Format == StatementFormat.Exact && !query.Attachments)
        {
            return LrsResponses.StatementResult(page.Select(row => row.StatementJsonUtf8), moreUrl);
        }

        var languages = StatementFormatter.PreferredLanguages(request.Header("Accept-Language"));
        var statements = new JsonArray(page.Select(row => (JsonNode?)StatementFormatter.Format(row.StatementJson, query.Format, languages)).ToArray());
        var result = new JsonObject { ["statements"] = statements, ["more"] = moreUrl };
        return query.Attachments
            ? LrsResponses.Multipart(result, await LoadAttachmentsAsync(request.Tenant, page, cancellationToken))
            : LrsResponses.Json(result);
    }

    private async Task<IResult> GetSingleAsync(
        LrsRequest request, string? statementId, string? voidedStatementId, string? onlyMine, CancellationToken cancellationToken)
    {
        if (statementId is not null && voidedStatementId is not null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter("voidedStatementId", "Send statementId or voidedStatementId, not both."));
        }

        var name = statementId is not null ? "statementId" : "voidedStatementId";
        var id = statementId ?? voidedStatementId!;
        var extra = request.Parameters.Keys.FirstOrDefault(key => key != name && !SingleStatementExtras.Contains(key));
        if (extra is not null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter(extra,
                $"'{extra}' cannot be combined with {name}. With {name}, only attachments and format are allowed."));
        }

        if (!Guid.TryParseExact(id, "D", out _))
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter(name, $"{name} '{id}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx."));
        }

        var formatQuery = StatementQueryParser.Parse(
            request.Parameters.Where(pair => SingleStatementExtras.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value),
            1);
        if (!formatQuery.Succeeded)
        {
            return LrsResponses.Problem(formatQuery.Error);
        }

        // A voided statement is found only by voidedStatementId, and a live one only by
        // statementId (xAPI 1.0.3 Data 2.3.2).
        var row = await _reader.FindAsync(request.Tenant, id, cancellationToken);
        var wantVoided = voidedStatementId is not null;
        if (row is null || (row.Voided != 0) != wantVoided || (onlyMine is not null && row.CredentialKey != onlyMine))
        {
            return LrsResponses.Problem(LrsErrors.NotFound(name, $"No {(wantVoided ? "voided " : "")}statement with id '{id}' is stored."));
        }

        var query = formatQuery.Value!;
        var statement = StatementFormatter.Format(row.StatementJson, query.Format, StatementFormatter.PreferredLanguages(request.Header("Accept-Language")));
        request.HttpContext.Response.Headers.LastModified = LrsResponses.HttpDate(DateTimeOffset.FromUnixTimeMilliseconds(row.StoredAtMs));
        return query.Attachments
            ? LrsResponses.Multipart(statement, await LoadAttachmentsAsync(request.Tenant, [row], cancellationToken))
            : LrsResponses.Json(statement);
    }

    private async Task<IReadOnlyList<AttachmentPart>> LoadAttachmentsAsync(string tenant, IEnumerable<StatementRow> rows, CancellationToken cancellationToken)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            using var document = JsonDocument.Parse(row.StatementJson);
            if (document.RootElement.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
            {
                foreach (var attachment in attachments.EnumerateArray())
                {
                    if (LrsJson.TryGetString(attachment, "sha2", out var sha2))
                    {
                        hashes.Add(sha2.ToLowerInvariant());
                    }
                }
            }
        }

        var parts = new List<AttachmentPart>();
        foreach (var hash in hashes)
        {
            if (await _reader.FindAttachmentAsync(tenant, hash, cancellationToken) is { } part)
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    [LoggerMessage(EventId = 2020, EventName = "LrsStatementsStored", Level = LogLevel.Debug,
        Message = "LRS accepted {Count} statements for tenant {Tenant} from credential {Key}")]
    private static partial void LogStatementsStored(ILogger logger, int count, string tenant, string key);
}
