using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Matches declared attachments with the parts received (xAPI 1.0.3 Data 2.4.11 and 2.6):
/// every attachment without a fileUrl needs a part, every part needs an attachment, and a
/// signature attachment must hold a JWS of its statement.
/// </summary>
internal static class AttachmentChecks
{
    public static LrsError? Check(List<JsonObject> batch, Dictionary<string, AttachmentPart> parts, string? contentType)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var isMultipart = contentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;

        for (var index = 0; index < batch.Count; index++)
        {
            if (batch[index]["attachments"] is not JsonArray attachments)
            {
                continue;
            }

            for (var position = 0; position < attachments.Count; position++)
            {
                var field = batch.Count == 1
                    ? string.Create(CultureInfo.InvariantCulture, $"$.attachments[{position}]")
                    : string.Create(CultureInfo.InvariantCulture, $"$[{index}].attachments[{position}]");
                var error = CheckAttachment(batch[index], attachments[position] as JsonObject, field, parts, isMultipart, referenced);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        var unreferenced = parts.Keys.FirstOrDefault(hash => !referenced.Contains(hash));
        if (unreferenced is not null)
        {
            return LrsErrors.InvalidAttachment("X-Experience-API-Hash",
                $"The part with hash {unreferenced} matches no attachment of the statements. Declare it in a statement's attachments or leave it out.");
        }

        return null;
    }

    private static LrsError? CheckAttachment(
        JsonObject statement, JsonObject? attachment, string field, Dictionary<string, AttachmentPart> parts, bool isMultipart, HashSet<string> referenced)
    {
        if (attachment is null)
        {
            return LrsErrors.InvalidAttachment(field, "Each attachment must be a JSON object.");
        }

        var sha2 = (attachment["sha2"] as JsonValue)?.TryGetValue<string>(out var hash) == true ? hash.ToLowerInvariant() : null;
        var hasFileUrl = attachment["fileUrl"] is not null;
        var isSignature = (attachment["usageType"] as JsonValue)?.TryGetValue<string>(out var usageType) == true
            && usageType == SignatureVerifier.SignatureUsageType;

        if (sha2 is null)
        {
            return LrsErrors.InvalidAttachment(field + ".sha2", "The attachment has no sha2. Send the SHA-2 hash of its content.");
        }

        if (parts.ContainsKey(sha2))
        {
            referenced.Add(sha2);
        }
        else if (!hasFileUrl)
        {
            return isMultipart
                ? LrsErrors.InvalidAttachment(field, $"No part with X-Experience-API-Hash {sha2} was sent. Send the attachment content as a part, or give a fileUrl.")
                : LrsErrors.InvalidAttachment(field, "The attachment has no fileUrl, so its content must be sent. Send the request as multipart/mixed with the content as a part.");
        }

        if (!isSignature)
        {
            return null;
        }

        var declaredType = (attachment["contentType"] as JsonValue)?.TryGetValue<string>(out var type) == true ? type : null;
        if (declaredType != "application/octet-stream")
        {
            return LrsErrors.InvalidSignature(field + ".contentType", $"A signature attachment must have contentType application/octet-stream, not '{declaredType}'.");
        }

        if (!parts.TryGetValue(sha2, out var signaturePart))
        {
            return LrsErrors.InvalidSignature(field, "The signature attachment must be sent as a part, not by fileUrl.");
        }

        using var document = JsonDocument.Parse(statement.ToJsonString());
        return SignatureVerifier.Verify(document.RootElement, signaturePart.Content, field);
    }
}
