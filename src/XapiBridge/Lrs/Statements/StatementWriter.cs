using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Accepts PUT and POST statement requests: parses the body and its attachment parts, checks
/// every statement, sets id, authority and version, and stores the batch atomically.
/// </summary>
internal sealed class StatementWriter
{
    private readonly StatementValidator _validator;
    private readonly StatementRepository _repository;
    private readonly StatementCommitSignal _signal;
    private readonly IOptions<LrsOptions> _options;

    public StatementWriter(StatementValidator validator, StatementRepository repository, StatementCommitSignal signal, IOptions<LrsOptions> options)
    {
        _validator = validator;
        _repository = repository;
        _signal = signal;
        _options = options;
    }

    /// <summary>Stores the statements of <paramref name="request"/> and returns their ids in request order.</summary>
    public async Task<LrsResult<IReadOnlyList<string>>> WriteAsync(StatementWriteRequest request, CancellationToken cancellationToken)
    {
        var body = await SplitBodyAsync(request, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var (json, parts) = body.Value;
        if (LrsJson.FindInvalidText(json) is { } textError)
        {
            return LrsErrors.InvalidJson("body", $"The body is not valid JSON: {textError}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, LrsJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            return LrsErrors.InvalidJson("body", $"The body is not valid JSON: {exception.Message}");
        }

        // The statements' nodes read their values from the document until they are changed, so
        // it stays open until the batch is stored.
        using var parsed = document;
        var statements = ParseStatements(request, document.RootElement);
        if (!statements.Succeeded)
        {
            return statements.Error;
        }

        var elements = statements.Value!;
        var error = CheckRules(elements, request.Version);
        if (error is not null)
        {
            return error;
        }

        var batch = elements.Select(element => JsonObject.Create(element)!).ToList();
        error = AssignIds(batch, request)
            ?? AttachmentChecks.Check(batch, parts, request.ContentType);
        if (error is not null)
        {
            return error;
        }

        var authorityKey = "account:" + _options.Value.AuthorityHomePage + "|" + request.CredentialKey;
        var valueHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var prepared = new List<PreparedStatement>(batch.Count);
        for (var index = 0; index < batch.Count; index++)
        {
            prepared.Add(Prepare(batch[index], elements[index], authorityKey, valueHashes, request));
        }

        var attachments = parts.Values.ToList();

        // Validation is over: from here the write finishes even if the client goes away, so an
        // accepted batch is never half known (see StatementRepository.StoreAsync).
        var stored = await _repository.StoreAsync(request.Tenant, request.CredentialKey, prepared, attachments, CancellationToken.None);
        if (!stored.Succeeded)
        {
            return stored.Error;
        }

        if (stored.Value > 0)
        {
            _signal.Notify(stored.Value);
        }

        return prepared.Select(statement => statement.Id).ToList();
    }

    private static async Task<LrsResult<(byte[] Json, Dictionary<string, AttachmentPart> Parts)>> SplitBodyAsync(
        StatementWriteRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (mediaType == "application/json")
        {
            return (request.Body, new Dictionary<string, AttachmentPart>(StringComparer.Ordinal));
        }

        if (mediaType != "multipart/mixed")
        {
            return LrsErrors.UnsupportedContentType(request.ContentType, "application/json, or multipart/mixed when the statements carry attachments");
        }

        var parsed = await MultipartBody.ParseAsync(request.Body, request.ContentType!, cancellationToken);
        if (!parsed.Succeeded)
        {
            return parsed.Error;
        }

        var allParts = parsed.Value!;
        var first = allParts[0];
        if (first.Header("Content-Type")?.Split(';', 2)[0].Trim().ToLowerInvariant() != "application/json")
        {
            return LrsErrors.InvalidAttachment("Content-Type", "The first part of a multipart/mixed statement request must be the statements, with Content-Type application/json.");
        }

        var parts = new Dictionary<string, AttachmentPart>(StringComparer.Ordinal);
        for (var index = 1; index < allParts.Count; index++)
        {
            var part = allParts[index];
            var checkedPart = CheckPart(part, index);
            if (!checkedPart.Succeeded)
            {
                return checkedPart.Error;
            }

            parts[checkedPart.Value!.Sha2] = checkedPart.Value;
        }

        return (first.Content, parts);
    }

    /// <summary>Each attachment part needs X-Experience-API-Hash and binary transfer encoding (xAPI 1.0.3 Data 2.4.11).</summary>
    private static LrsResult<AttachmentPart> CheckPart(MultipartPart part, int index)
    {
        var field = string.Create(CultureInfo.InvariantCulture, $"part {index + 1}");
        var hash = part.Header("X-Experience-API-Hash")?.Trim();
        if (string.IsNullOrEmpty(hash))
        {
            return LrsErrors.InvalidAttachment(field, $"Attachment {field} has no X-Experience-API-Hash header. Send the SHA-2 hash of its content.");
        }

        if (!string.Equals(part.Header("Content-Transfer-Encoding")?.Trim(), "binary", StringComparison.OrdinalIgnoreCase))
        {
            return LrsErrors.InvalidAttachment(field, $"Attachment {field} must have the header Content-Transfer-Encoding: binary.");
        }

        var actual = hash.Length switch
        {
            96 => Convert.ToHexStringLower(SHA384.HashData(part.Content)),
            128 => Convert.ToHexStringLower(SHA512.HashData(part.Content)),
            _ => Convert.ToHexStringLower(SHA256.HashData(part.Content)),
        };
        if (!string.Equals(actual, hash, StringComparison.OrdinalIgnoreCase))
        {
            return LrsErrors.InvalidAttachment(field, $"Attachment {field} declares hash {hash}, but its content hashes to {actual}. Send the SHA-2 of the exact bytes.");
        }

        var contentType = part.Header("Content-Type") ?? "application/octet-stream";
        return new AttachmentPart(hash.ToLowerInvariant(), contentType, part.Content);
    }

    private LrsResult<List<JsonElement>> ParseStatements(StatementWriteRequest request, JsonElement root)
    {
        var maxBatch = _options.Value.MaxStatementsPerBatch;
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                return new List<JsonElement> { root };

            case JsonValueKind.Array when !request.IsPut:
                var count = root.GetArrayLength();
                if (count > maxBatch)
                {
                    return LrsErrors.TooLarge(nameof(LrsOptions.MaxStatementsPerBatch), maxBatch, "statements");
                }

                var list = new List<JsonElement>(count);
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        return LrsErrors.InvalidStatement(string.Create(CultureInfo.InvariantCulture, $"$[{index}]"), "Each item of a statement batch must be a JSON object.");
                    }

                    list.Add(item);
                    index++;
                }

                return list;

            default:
                return LrsErrors.InvalidJson("body", request.IsPut
                    ? "PUT statements takes one statement as a JSON object."
                    : "POST statements takes a statement object or an array of statement objects.");
        }
    }

    /// <summary>Validates each statement as received, before the LRS adds id, authority or version.</summary>
    private LrsError? CheckRules(List<JsonElement> batch, XapiVersion version)
    {
        for (var index = 0; index < batch.Count; index++)
        {
            var violations = _validator.Validate(batch[index], version);
            if (violations.Count > 0)
            {
                var first = violations[0];
                var path = batch.Count == 1 ? first.JsonPath : string.Create(CultureInfo.InvariantCulture, $"$[{index}]{first.JsonPath.TrimStart('$')}");
                var more = violations.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({violations.Count - 1} more problems in this statement.)") : "";
                return LrsErrors.InvalidStatement(path, first.Message + more);
            }
        }

        return null;
    }

    private static LrsError? AssignIds(List<JsonObject> batch, StatementWriteRequest request)
    {
        if (request.IsPut)
        {
            if (!Guid.TryParseExact(request.StatementId, "D", out _))
            {
                return LrsErrors.InvalidParameter("statementId", $"statementId '{request.StatementId}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.");
            }

            var bodyId = batch[0]["id"]?.GetValue<string>();
            if (bodyId is not null && !string.Equals(bodyId, request.StatementId, StringComparison.OrdinalIgnoreCase))
            {
                return LrsErrors.InvalidStatement("$.id", $"The statement id '{bodyId}' differs from the statementId parameter '{request.StatementId}'. Send the same id in both, or leave it out of the body.");
            }

            batch[0]["id"] = bodyId ?? request.StatementId;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in batch)
        {
            var id = statement["id"]?.GetValue<string>();
            if (id is null)
            {
                id = Guid.NewGuid().ToString("D");
                statement["id"] = id;
            }

            if (!seen.Add(id))
            {
                return LrsErrors.InvalidStatement("$.id", $"The batch contains id '{id}' twice. Give each statement its own id.");
            }
        }

        return null;
    }

    /// <summary>
    /// Sets the LRS's properties on <paramref name="statement"/> and computes its filter keys from
    /// <paramref name="received"/>, the same statement as parsed. Only the authority, which the
    /// LRS replaces, and normalisations that keep every filter value differ between the two.
    /// </summary>
    private PreparedStatement Prepare(
        JsonObject statement, JsonElement received, string authorityKey, Dictionary<string, string> valueHashes, StatementWriteRequest request)
    {
        // The parsed document never changes, so the element still shows the statement as sent.
        var keyHashes = new HashSet<(int Kind, string ValueHash)>();
        foreach (var (kind, value) in StatementIndexer.Index(received, authorityKey))
        {
            if (!valueHashes.TryGetValue(value, out var hash))
            {
                hash = LrsJson.Sha256Hex(value);
                valueHashes[value] = hash;
            }

            keyHashes.Add(((int)kind, hash));
        }

        var refTarget = StatementIndexer.StatementRefTarget(received);
        var isVoiding = StatementIndexer.IsVoiding(received);

        statement["authority"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = _options.Value.AuthorityHomePage, ["name"] = request.CredentialKey },
        };

        NormalizeContextActivities(statement);
        if (statement["object"] is JsonObject target && target["objectType"]?.GetValue<string>() == "SubStatement")
        {
            NormalizeContextActivities(target);
        }

        if (statement["version"] is null)
        {
            statement["version"] = request.IsVersion2 ? "2.0.0" : "1.0.0";
        }

        // xAPI 2.0 (IEEE 9274.1.1, 4.2.4.1): the LRS converts timestamps with an offset to UTC.
        if (request.IsVersion2 && statement["timestamp"] is JsonValue timestamp
            && timestamp.TryGetValue<string>(out var text) && !text.EndsWith('Z')
            && Timestamps.TryParse(text, out var instant))
        {
            statement["timestamp"] = Timestamps.Format(instant);
        }

        return new PreparedStatement(statement["id"]!.GetValue<string>().ToLowerInvariant(), statement, keyHashes, refTarget, isVoiding);
    }

    /// <summary>
    /// Stores each context activity list as an array, because clients may send a single object
    /// but the LRS must return arrays (xAPI 1.0.3 Data 2.4.6.2).
    /// </summary>
    private static void NormalizeContextActivities(JsonObject statement)
    {
        if (statement["context"]?["contextActivities"] is not JsonObject contextActivities)
        {
            return;
        }

        foreach (var name in contextActivities.Select(pair => pair.Key).ToList())
        {
            if (contextActivities[name] is JsonObject single)
            {
                contextActivities[name] = new JsonArray(single.DeepClone());
            }
        }
    }
}
