using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.AspNetCore.Http;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>Builds LRS responses: problem details for errors, JSON, and multipart/mixed with attachments.</summary>
internal static class LrsResponses
{
    /// <summary>Turns an <see cref="LrsError"/> into an RFC 9457 problem-details response.</summary>
    public static IResult Problem(LrsError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
        }

        return TypedResults.Problem(error.Detail, statusCode: error.Status, title: error.Title, extensions: extensions);
    }

    public static IResult Json(JsonNode node) =>
        TypedResults.Text(LrsJson.Write(node), "application/json", Encoding.UTF8);

    /// <summary>
    /// A StatementResult (<c>{"statements": [...], "more": "..."}</c>) built from stored statement
    /// texts. Each text is copied as it is stored, after a check that it is one JSON value.
    /// </summary>
    public static IResult StatementResult(IEnumerable<byte[]> storedStatements, string more)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = LrsJson.WriterOptions.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (var statement in storedStatements)
            {
                writer.WriteRawValue(statement);
            }

            writer.WriteEndArray();
            writer.WriteString("more", more);
            writer.WriteEndObject();
        }

        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    public static IResult NoContent() => TypedResults.NoContent();

    /// <summary>
    /// A multipart/mixed body: the JSON first, then one part per attachment with its hash
    /// (xAPI 1.0.3 Communication 2.1.3, attachments=true).
    /// </summary>
    public static IResult Multipart(JsonNode json, IEnumerable<AttachmentPart> attachments)
    {
        var boundary = "xapi-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        WriteAscii(body, $"--{boundary}\r\nContent-Type: application/json\r\n\r\n");
        var jsonBytes = Encoding.UTF8.GetBytes(LrsJson.Write(json));
        body.Write(jsonBytes);
        foreach (var attachment in attachments)
        {
            WriteAscii(body, $"\r\n--{boundary}\r\nContent-Type: {attachment.ContentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {attachment.Sha2}\r\n\r\n");
            body.Write(attachment.Content);
        }

        WriteAscii(body, $"\r\n--{boundary}--\r\n");
        return TypedResults.Bytes(body.ToArray(), $"multipart/mixed; boundary={boundary}");
    }

    /// <summary>Formats an instant as an HTTP date (RFC 9110 IMF-fixdate) for Last-Modified.</summary>
    public static string HttpDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    private static void WriteAscii(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
