using System.Text;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// A CSV download written row by row to the response body, so a large export is never held in
/// memory as one string. The response is never cached and is always a download, not a page.
/// </summary>
/// <param name="FileName">The suggested file name (ASCII, no quotes).</param>
/// <param name="WriteRowsAsync">Writes the header and the rows.</param>
internal sealed record CsvStreamResult(string FileName, Func<TextWriter, CancellationToken, Task> WriteRowsAsync) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";

        // UTF-8 with a byte order mark, so Excel reads names with accents correctly.
        // RFC 4180 ends records with CRLF.
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024) { NewLine = "\r\n" };
        await WriteRowsAsync(writer, httpContext.RequestAborted);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
