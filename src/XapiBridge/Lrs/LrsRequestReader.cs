using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>
/// Builds an <see cref="LrsRequest"/> from the HTTP request, reading the body up to the size
/// limit and unfolding the alternate request syntax of xAPI 1.0.3 Communication 1.3.
/// </summary>
internal static class LrsRequestReader
{
    // Form fields the alternate syntax treats as headers (xAPI 1.0.3 Communication 1.3).
    private static readonly string[] HeaderFields =
        ["Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match", "If-None-Match"];

    private static readonly string[] ForwardedHeaders =
        ["Authorization", "X-Experience-API-Version", "Content-Type", "If-Match", "If-None-Match", "Accept-Language"];

    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE"];

    public static async Task<LrsResult<LrsRequest>> ReadAsync(HttpContext context, string resource, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var httpRequest = context.Request;
        var body = await ReadBodyAsync(httpRequest.Body, maxBodyBytes, cancellationToken);
        if (body is null)
        {
            return LrsErrors.TooLarge(nameof(LrsOptions.MaxStatementRequestBytes), maxBodyBytes, "bytes");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in httpRequest.Query)
        {
            parameters[name] = values.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ForwardedHeaders)
        {
            if (httpRequest.Headers.TryGetValue(name, out var value))
            {
                headers[name] = value.ToString();
            }
        }

        if (!parameters.TryGetValue("method", out var alternateMethod))
        {
            return new LrsRequest
            {
                HttpContext = context,
                Method = httpRequest.Method.ToUpperInvariant(),
                Resource = resource,
                Parameters = parameters,
                Headers = headers,
                Body = body,
            };
        }

        return UnfoldAlternateSyntax(context, resource, alternateMethod, parameters, headers, body);
    }

    private static LrsResult<LrsRequest> UnfoldAlternateSyntax(
        HttpContext context,
        string resource,
        string alternateMethod,
        Dictionary<string, string> parameters,
        Dictionary<string, string> headers,
        byte[] body)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return LrsErrors.InvalidParameter("method",
                $"The alternate request syntax (?method={alternateMethod}) must be sent as POST, not {context.Request.Method}.");
        }

        if (parameters.Count != 1)
        {
            return LrsErrors.InvalidParameter("method",
                "The alternate request syntax allows no query parameter besides 'method'. Send the other parameters as form fields.");
        }

        var method = alternateMethod.ToUpperInvariant();
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            return LrsErrors.InvalidParameter("method", $"method '{alternateMethod}' is not an HTTP method the LRS serves. Use GET, PUT, POST or DELETE.");
        }

        var mediaType = headers.GetValueOrDefault("Content-Type")?.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return LrsErrors.UnsupportedContentType(mediaType, "application/x-www-form-urlencoded for the alternate request syntax");
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var formHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers.TryGetValue("Accept-Language", out var acceptLanguage))
        {
            formHeaders["Accept-Language"] = acceptLanguage;
        }

        var formParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[] content = [];
        foreach (var (name, values) in form)
        {
            if (HeaderFields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                formHeaders[name] = values.ToString();
            }
            else if (name == "content")
            {
                content = Encoding.UTF8.GetBytes(values.ToString());
            }
            else
            {
                formParameters[name] = values.ToString();
            }
        }

        // A header sent for real still counts when the form does not repeat it.
        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                formHeaders.TryAdd(name, value);
            }
        }

        if (method is "PUT" or "POST" && content.Length > 0 && !formHeaders.ContainsKey("Content-Type"))
        {
            formHeaders["Content-Type"] = "application/json";
        }

        return new LrsRequest
        {
            HttpContext = context,
            Method = method,
            Resource = resource,
            Parameters = formParameters,
            Headers = formHeaders,
            Body = content,
            IsAlternateSyntax = true,
        };
    }

    /// <summary>Reads the whole body, or returns null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
