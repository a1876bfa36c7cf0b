using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Splits a multipart/mixed body (xAPI 1.0.3 Data 2.4.11, attachments) into parts.</summary>
internal static class MultipartBody
{
    public static async Task<LrsResult<IReadOnlyList<MultipartPart>>> ParseAsync(byte[] body, string contentType, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return LrsErrors.UnsupportedContentType(contentType, "multipart/mixed with a boundary parameter");
        }

        var parts = new List<MultipartPart>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body)) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                var headers = (section.Headers ?? []).ToDictionary(
                    pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                parts.Add(new MultipartPart(headers, content.ToArray()));
            }
        }
        catch (IOException exception)
        {
            return LrsErrors.InvalidAttachment("Content-Type", $"The multipart/mixed body cannot be read: {exception.Message} Check the boundary and the part headers.");
        }
        catch (InvalidDataException exception)
        {
            return LrsErrors.InvalidAttachment("Content-Type", $"The multipart/mixed body cannot be read: {exception.Message} Check the boundary and the part headers.");
        }

        if (parts.Count == 0)
        {
            return LrsErrors.InvalidAttachment("Content-Type", "The multipart/mixed body has no parts. Send the statements as the first part.");
        }

        return parts;
    }
}
