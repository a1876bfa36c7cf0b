using System.Globalization;
using LtiPd.XapiBridge.Lrs.Credentials;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>
/// The catalogue of client-visible LRS errors. Codes are stable: 21xx bad request, 22xx
/// authentication and scope, 23xx not found, 24xx conflict, 25xx precondition, 26xx size limit.
/// </summary>
public static class LrsErrors
{
    private const string BadRequest = "The request is invalid";

    /// <summary>A query parameter or form field is missing or invalid.</summary>
    public static LrsError InvalidParameter(string field, string detail) =>
        new(400, "LRS2101", BadRequest, detail, field);

    /// <summary>A statement breaks an xAPI rule.</summary>
    public static LrsError InvalidStatement(string field, string detail) =>
        new(400, "LRS2102", "The statement is invalid", detail, field);

    /// <summary>The body is not the JSON the resource expects.</summary>
    public static LrsError InvalidJson(string field, string detail) =>
        new(400, "LRS2103", BadRequest, detail, field);

    /// <summary>The version header is missing.</summary>
    public static LrsError MissingVersion() =>
        new(400, "LRS2104", BadRequest,
            "The X-Experience-API-Version header is missing. Send 1.0.3 or 2.0.0 with every request except GET /about.",
            "X-Experience-API-Version");

    /// <summary>The version header names a version this LRS does not serve.</summary>
    public static LrsError UnsupportedVersion(string value) =>
        new(400, "LRS2105", BadRequest,
            $"X-Experience-API-Version '{value}' is not supported. Send 1.0.0, 1.0.1, 1.0.2, 1.0.3 or 2.0.0.",
            "X-Experience-API-Version");

    /// <summary>The Content-Type is not one the resource accepts.</summary>
    public static LrsError UnsupportedContentType(string? value, string expected) =>
        new(400, "LRS2106", BadRequest,
            $"Content-Type '{value ?? "(none)"}' is not accepted here. Send {expected}.",
            "Content-Type");

    /// <summary>An attachment part is missing, extra or does not match its declaration.</summary>
    public static LrsError InvalidAttachment(string field, string detail) =>
        new(400, "LRS2107", "The attachments are invalid", detail, field);

    /// <summary>A signed statement's JWS is malformed or does not match the statement.</summary>
    public static LrsError InvalidSignature(string field, string detail) =>
        new(400, "LRS2108", "The statement signature is invalid", detail, field);

    /// <summary>The request method is not one the resource serves.</summary>
    public static LrsError MethodNotAllowed(string method, string resource) =>
        new(405, "LRS2109", "Method not allowed",
            $"{method} is not supported on /{resource}.", "method");

    /// <summary>
    /// The error for a request that was not authenticated, chosen from its
    /// <paramref name="authorization"/> header: no HTTP Basic credentials, or credentials that
    /// match no registered key and secret. The second does not say whether the key or the secret
    /// failed, so a caller cannot use it to confirm a guessed key.
    /// </summary>
    public static LrsError Unauthorized(string? authorization) =>
        BasicAuthentication.TryParse(authorization, out _, out _)
            ? new(401, "LRS2203", "Credentials not accepted",
                "The LRS key and secret in the Authorization header were not accepted. Check that both are copied exactly from the credential " +
                "your district administrator issued, or ask them for a new one: an administrator lists the keys with 'credential list' " +
                "and issues a new secret with 'credential add'.", "Authorization")
            : new(401, "LRS2201", "Authentication required",
                "Send HTTP Basic credentials (an LRS key and secret) in the Authorization header.", "Authorization");

    /// <summary>The credential lacks the scope the request needs.</summary>
    public static LrsError Forbidden(string scope) =>
        new(403, "LRS2202", "Scope missing",
            $"This credential lacks the '{scope}' scope this request needs. Ask the administrator to grant it.", "Authorization");

    /// <summary>The requested statement, document or activity does not exist.</summary>
    public static LrsError NotFound(string field, string detail) =>
        new(404, "LRS2301", "Not found", detail, field);

    /// <summary>A statement with the same id and different content is already stored.</summary>
    public static LrsError StatementConflict(string statementId) =>
        new(409, "LRS2401", "Statement id already used",
            $"A different statement with id '{statementId}' is already stored, and stored statements never change. Send a new id.",
            "id");

    /// <summary>A document write gave no precondition for a document that exists.</summary>
    public static LrsError DocumentConflict() =>
        new(409, "LRS2402", "Precondition required",
            "The document exists. Send If-Match with its ETag to replace it, or If-None-Match: * to create only.",
            "If-Match");

    /// <summary>If-Match or If-None-Match did not hold.</summary>
    public static LrsError PreconditionFailed(string header, string detail) =>
        new(412, "LRS2501", "Precondition failed", detail, header);

    /// <summary>A configured size limit was exceeded.</summary>
    public static LrsError TooLarge(string limitName, long limit, string unit) =>
        new(413, "LRS2601", "Request too large",
            string.Create(CultureInfo.InvariantCulture,
                $"The request exceeds Lrs:{limitName} ({limit} {unit}). Split the request or ask the administrator to raise the limit."),
            limitName);
}
