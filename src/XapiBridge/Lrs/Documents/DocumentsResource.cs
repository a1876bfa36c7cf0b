using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Credentials;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.AspNetCore.Http;

namespace LtiPd.XapiBridge.Lrs.Documents;

/// <summary>
/// The state, activity profile and agent profile resources (xAPI 1.0.3 Communication 2.3, 2.6,
/// 2.7): single documents with ETag concurrency, id lists with <c>since</c>, and JSON merge on POST.
/// </summary>
internal sealed class DocumentsResource
{
    private readonly DocumentRepository _repository;
    private readonly TimeProvider _timeProvider;

    public DocumentsResource(DocumentRepository repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    public async Task<IResult> HandleAsync(LrsRequest request, DocumentKind kind, CancellationToken cancellationToken)
    {
        var scope = kind == DocumentKind.State ? LrsScopes.State : LrsScopes.Profile;
        var isWrite = request.Method is not ("GET" or "HEAD");
        if (!request.Credential!.Allows(scope, isWrite))
        {
            return LrsResponses.Problem(LrsErrors.Forbidden(kind == DocumentKind.State ? "state" : "profile"));
        }

        var address = DocumentAddress.Parse(request, kind);
        if (!address.Succeeded)
        {
            return LrsResponses.Problem(address.Error);
        }

        var target = address.Value!;
        return request.Method switch
        {
            "GET" or "HEAD" => await GetAsync(request, target, cancellationToken),
            "PUT" => await WriteAsync(request, target, merge: false, cancellationToken),
            "POST" => await WriteAsync(request, target, merge: true, cancellationToken),
            "DELETE" => await DeleteAsync(request, target, cancellationToken),
            _ => LrsResponses.Problem(LrsErrors.MethodNotAllowed(request.Method, request.Resource)),
        };
    }

    private async Task<IResult> GetAsync(LrsRequest request, DocumentAddress target, CancellationToken cancellationToken)
    {
        if (target.DocumentId is null)
        {
            var sinceMs = 0L;
            if (request.Parameter("since") is { } since)
            {
                if (!Timestamps.TryParse(since, out var instant))
                {
                    return LrsResponses.Problem(LrsErrors.InvalidParameter("since", $"since '{since}' is not an ISO 8601 timestamp. Send it like 2024-05-01T12:00:00.000Z."));
                }

                sinceMs = instant.ToUnixTimeMilliseconds();
            }

            var ids = await _repository.ListIdsAsync(request.Tenant, target.ScopeHash, sinceMs, cancellationToken);
            return LrsResponses.Json(new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()));
        }

        var document = await _repository.FindAsync(request.Tenant, target.DocumentHash, cancellationToken);
        if (document is null)
        {
            return LrsResponses.Problem(LrsErrors.NotFound(target.IdParameter, $"No document with {target.IdParameter} '{target.DocumentId}' is stored here."));
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ETag = Quote(document.Etag);
        headers.LastModified = LrsResponses.HttpDate(DateTimeOffset.FromUnixTimeMilliseconds(document.UpdatedAtMs));
        return TypedResults.Bytes(document.Content, document.ContentType);
    }

    private async Task<IResult> WriteAsync(LrsRequest request, DocumentAddress target, bool merge, CancellationToken cancellationToken)
    {
        if (target.DocumentId is null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter(target.IdParameter, $"{target.IdParameter} is missing. Name the document to write."));
        }

        var existing = await _repository.FindAsync(request.Tenant, target.DocumentHash, cancellationToken);
        var precondition = CheckPreconditions(request, existing, requireOne: !merge && existing is not null && RequiresPrecondition(request, target.Kind));
        if (precondition is not null)
        {
            return LrsResponses.Problem(precondition);
        }

        // The 1.0.3 conformance suite expects a profile PUT without If-Match or If-None-Match to
        // fail with 400 even when the document does not exist yet (xAPI 1.0.3 Communication 2.6).
        if (!merge && existing is null && !request.IsVersion2 && target.Kind != DocumentKind.State
            && request.Header("If-Match") is null && request.Header("If-None-Match") is null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter("If-None-Match",
                "A profile PUT needs a precondition. Send If-None-Match: * to create the document, or If-Match with the ETag to replace it."));
        }

        var contentType = request.ContentType ?? "application/octet-stream";
        var content = request.Body;
        if (merge && existing is not null)
        {
            var merged = MergeJson(existing, request);
            if (!merged.Succeeded)
            {
                return LrsResponses.Problem(merged.Error);
            }

            content = merged.Value!;
            contentType = "application/json";
        }
        else if (IsJson(contentType) && LrsJson.Parse(content, out var parseError) is null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidJson("body", $"The document is sent as application/json but is not valid JSON: {parseError}"));
        }

        var saved = await _repository.SaveAsync(
            request.Tenant, target.DocumentHash, target.ScopeHash, target.Kind, target.DocumentId, contentType, content,
            ComputeEtag(content), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), existing?.Etag, CancellationToken.None);
        return saved
            ? LrsResponses.NoContent()
            : LrsResponses.Problem(LrsErrors.PreconditionFailed("If-Match", "The document changed while this request was processed. Read it again and retry with its new ETag."));
    }

    private async Task<IResult> DeleteAsync(LrsRequest request, DocumentAddress target, CancellationToken cancellationToken)
    {
        if (target.DocumentId is null)
        {
            if (target.Kind != DocumentKind.State)
            {
                return LrsResponses.Problem(LrsErrors.InvalidParameter("profileId", "profileId is missing. Name the profile document to delete."));
            }

            await _repository.DeleteScopeAsync(request.Tenant, target.ScopeHash, cancellationToken);
            return LrsResponses.NoContent();
        }

        var existing = await _repository.FindAsync(request.Tenant, target.DocumentHash, cancellationToken);
        var precondition = CheckPreconditions(request, existing, requireOne: false);
        if (precondition is not null)
        {
            return LrsResponses.Problem(precondition);
        }

        await _repository.DeleteAsync(request.Tenant, target.DocumentHash, cancellationToken);
        return LrsResponses.NoContent();
    }

    /// <summary>
    /// Applies If-Match and If-None-Match (RFC 9110 section 13.1). xAPI 1.0.3 Communication 3.1
    /// makes a PUT over an existing profile without either header a 409; xAPI 2.0 extends that
    /// to the state resource.
    /// </summary>
    private static LrsError? CheckPreconditions(LrsRequest request, StoredDocument? existing, bool requireOne)
    {
        var ifMatch = request.Header("If-Match");
        var ifNoneMatch = request.Header("If-None-Match");
        if (ifMatch is not null && (existing is null || !EtagListContains(ifMatch, existing.Etag)))
        {
            return LrsErrors.PreconditionFailed("If-Match", existing is null
                ? "If-Match was sent but the document does not exist. Leave out If-Match to create it."
                : "If-Match does not match the document's current ETag. Read the document again and retry with its ETag.");
        }

        if (ifNoneMatch is not null && existing is not null && (ifNoneMatch.Trim() == "*" || EtagListContains(ifNoneMatch, existing.Etag)))
        {
            return LrsErrors.PreconditionFailed("If-None-Match", "If-None-Match forbids overwriting, and the document exists. Send If-Match with its ETag to replace it.");
        }

        if (requireOne && ifMatch is null && ifNoneMatch is null)
        {
            return LrsErrors.DocumentConflict();
        }

        return null;
    }

    private static bool RequiresPrecondition(LrsRequest request, DocumentKind kind) =>
        kind != DocumentKind.State || request.IsVersion2;

    /// <summary>
    /// Merges a posted JSON object into the stored one, top-level properties of the post winning
    /// (xAPI 1.0.3 Communication 2.2, JSON procedure with POST). Both must be JSON objects.
    /// </summary>
    private static LrsResult<byte[]> MergeJson(StoredDocument existing, LrsRequest request)
    {
        if (!IsJson(request.ContentType) || !IsJson(existing.ContentType))
        {
            return LrsErrors.UnsupportedContentType(request.ContentType,
                "application/json for both the stored and the posted document, because POST merges JSON objects; use PUT to replace other content");
        }

        if (LrsJson.Parse(request.Body, out var postedError) is not JsonObject posted)
        {
            return LrsErrors.InvalidJson("body", $"POST merges JSON objects, but the body is not one. {postedError}".TrimEnd());
        }

        if (LrsJson.Parse(existing.Content, out _) is not JsonObject stored)
        {
            return LrsErrors.InvalidJson("body", "The stored document is not a JSON object, so it cannot be merged. Use PUT to replace it.");
        }

        foreach (var (name, value) in posted.ToList())
        {
            posted.Remove(name);
            stored[name] = value;
        }

        return System.Text.Encoding.UTF8.GetBytes(LrsJson.Write(stored));
    }

    private static bool IsJson(string? contentType) =>
        string.Equals(contentType?.Split(';', 2)[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase);

    private static bool EtagListContains(string header, string etag) =>
        header.Split(',').Select(value => value.Trim()).Any(value =>
            value == "*" || string.Equals(Unquote(value), etag, StringComparison.OrdinalIgnoreCase));

    private static string Unquote(string value)
    {
        var trimmed = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        return trimmed.Trim('"');
    }

    private static string Quote(string etag) => "\"" + etag + "\"";

    /// <summary>
    /// The ETag is the SHA-1 of the content in hex, as xAPI 1.0.3 Communication 3.1 recommends
    /// and the 1.0.3 conformance suite checks. It only distinguishes versions and protects nothing.
    /// </summary>
#pragma warning disable CA5350 // SHA-1 is the ETag format xAPI 1.0.3 names; it is not used for security.
    private static string ComputeEtag(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350
}
