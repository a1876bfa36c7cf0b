using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LtiPd.Gamification.Statements;

/// <summary>
/// Polls any LRS with <c>GET statements?since=…&amp;ascending=true</c> and follows <c>more</c> links
/// within one read. The watermark is the <c>stored</c> time in Unix milliseconds, never the
/// consumer's clock, and it never passes the LRS's <c>X-Experience-API-Consistent-Through</c>
/// header, so a statement that becomes visible late is still read. A <c>more</c> link is never
/// kept between reads because an LRS may expire it.
/// </summary>
public sealed partial class HttpStatementSource : IStatementSource
{
    private const string ConsistentThroughHeader = "X-Experience-API-Consistent-Through";

    private readonly HttpClient _httpClient;
    private readonly HttpStatementSourceOptions _options;
    private readonly ILogger<HttpStatementSource> _logger;
    private readonly Uri _endpoint;
    private readonly Dictionary<Guid, long> _recentIds = [];
    private readonly Lock _recentIdsLock = new();

    /// <summary>Creates a source that sends its requests through <paramref name="httpClient"/>.</summary>
    public HttpStatementSource(HttpClient httpClient, HttpStatementSourceOptions options, ILogger<HttpStatementSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || !options.Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException(
                $"The LRS endpoint '{options.Endpoint}' is not an absolute URI. Set it to the xAPI base address, for example https://lrs.example.org/xapi/.",
                nameof(options));
        }

        if (options.PageSize is < 1 or > 10_000 || options.OverlapMilliseconds is < 0 or > 600_000)
        {
            throw new ArgumentException(
                $"PageSize {options.PageSize} or OverlapMilliseconds {options.OverlapMilliseconds} is out of range. Use 1-10000 statements and 0-600000 ms.",
                nameof(options));
        }

        _httpClient = httpClient;
        _options = options;
        _logger = logger;
        var baseText = options.Endpoint.AbsoluteUri;
        _endpoint = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
    }

    /// <inheritdoc/>
    public string Name => _options.Name;

    /// <inheritdoc/>
    public async Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var watermarkMs = ParseWatermark(watermark);
        long? sinceMs = watermarkMs is null ? null : watermarkMs - _options.OverlapMilliseconds;

        var collected = new List<GamificationStatement>();
        long? consistentThroughMs = null;
        var url = BuildFirstUrl(sinceMs);

        while (true)
        {
            var page = await GetPageAsync(url, cancellationToken);
            consistentThroughMs = Min(consistentThroughMs, page.ConsistentThroughMs);
            var stop = Collect(page.Statements, sinceMs, consistentThroughMs, maxCount, collected);
            if (stop)
            {
                break;
            }

            if (string.IsNullOrEmpty(page.More))
            {
                break;
            }

            url = ResolveMore(page.More);
        }

        if (consistentThroughMs is null)
        {
            Log.ConsistentThroughMissing(_logger, _options.Name);
        }

        var full = collected.Count >= maxCount;
        var newWatermarkMs = NextWatermark(watermarkMs, collected, full ? null : consistentThroughMs);
        RememberIds(collected, newWatermarkMs);
        var next = newWatermarkMs?.ToString(CultureInfo.InvariantCulture);
        return new StatementBatch(collected, next, full);
    }

    private static long? ParseWatermark(string? watermark)
    {
        if (watermark is null)
        {
            return null;
        }

        if (!long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException(
                $"The watermark '{watermark}' is not a Unix time in milliseconds. Pass a watermark this source returned, or null to read from the start.",
                nameof(watermark));
        }

        return value;
    }

    private Uri BuildFirstUrl(long? sinceMs)
    {
        var query = new StringBuilder("statements?ascending=true&limit=")
            .Append(_options.PageSize.ToString(CultureInfo.InvariantCulture));
        if (sinceMs is { } since)
        {
            var sinceText = DateTimeOffset.FromUnixTimeMilliseconds(since).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            query.Append("&since=").Append(Uri.EscapeDataString(sinceText));
        }

        return new Uri(_endpoint, query.ToString());
    }

    private Uri ResolveMore(string more)
    {
        // xAPI 1.0.3 Communication, 2.1.3: "more" is an IRL relative to the LRS's server root.
        var url = new Uri(_endpoint, more);
        if (!string.Equals(url.GetLeftPart(UriPartial.Authority), _endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The LRS returned a 'more' link to another host ({url.Host}); only links on {_endpoint.Host} are followed, so credentials stay with the configured LRS.");
        }

        return url;
    }

    private bool Collect(
        IReadOnlyList<GamificationStatement> page,
        long? sinceMs,
        long? consistentThroughMs,
        int maxCount,
        List<GamificationStatement> collected)
    {
        foreach (var statement in page)
        {
            var storedMs = statement.Stored.ToUnixTimeMilliseconds();
            if (consistentThroughMs is { } limit && storedMs > limit)
            {
                // Ascending order: this and everything after it may still gain earlier neighbours.
                return true;
            }

            if ((sinceMs is { } since && storedMs <= since) || IsRecent(statement.Id) || collected.Exists(s => s.Id == statement.Id))
            {
                continue;
            }

            collected.Add(statement);
            if (collected.Count >= maxCount)
            {
                return true;
            }
        }

        return false;
    }

    private static long? NextWatermark(long? watermarkMs, List<GamificationStatement> collected, long? consistentThroughMs)
    {
        long? next = watermarkMs;
        if (collected.Count > 0)
        {
            next = Max(next, collected.Max(s => s.Stored.ToUnixTimeMilliseconds()));
        }

        // The read was not cut short by maxCount, so it ended at the last page or before a
        // statement stored after Consistent-Through. Everything stored up to that time is visible
        // and was read, so no statement can still appear below it.
        if (consistentThroughMs is { } through)
        {
            next = Max(next, through);
        }

        return next;
    }

    private bool IsRecent(Guid id)
    {
        lock (_recentIdsLock)
        {
            return _recentIds.ContainsKey(id);
        }
    }

    private void RememberIds(List<GamificationStatement> collected, long? watermarkMs)
    {
        lock (_recentIdsLock)
        {
            foreach (var statement in collected)
            {
                _recentIds[statement.Id] = statement.Stored.ToUnixTimeMilliseconds();
            }

            // Only ids inside the next read's overlap window can come back.
            if (watermarkMs is { } watermark)
            {
                var floor = watermark - _options.OverlapMilliseconds;
                foreach (var old in _recentIds.Where(pair => pair.Value <= floor).Select(pair => pair.Key).ToList())
                {
                    _recentIds.Remove(old);
                }
            }
        }
    }

    private async Task<StatementPage> GetPageAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_options.Username is not null)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        using var response = await _httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Log.ReadFailed(_logger, _options.Name, (int)response.StatusCode);
            throw new HttpRequestException(
                $"The LRS answered {(int)response.StatusCode} to GET {url.AbsolutePath}. Check the endpoint and credentials of source '{_options.Name}'.",
                null,
                response.StatusCode);
        }

        long? consistentThrough = null;
        if (response.Headers.TryGetValues(ConsistentThroughHeader, out var values)
            && DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            consistentThrough = parsed.ToUnixTimeMilliseconds();
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return ParsePage(document.RootElement, consistentThrough);
    }

    private StatementPage ParsePage(JsonElement root, long? consistentThroughMs)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statements", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException(
                $"The LRS of source '{_options.Name}' returned no StatementResult object with a 'statements' array.");
        }

        var statements = new List<GamificationStatement>();
        foreach (var item in list.EnumerateArray())
        {
            var result = StatementReader.Read(item);
            if (result.Statement is null)
            {
                Log.StatementSkipped(_logger, _options.Name, result.Error!);
                continue;
            }

            statements.Add(result.Statement);
        }

        string? more = root.TryGetProperty("more", out var moreElement) && moreElement.ValueKind == JsonValueKind.String
            ? moreElement.GetString()
            : null;
        return new StatementPage(statements, more, consistentThroughMs);
    }

    private static long? Min(long? a, long? b)
    {
        if (a is null)
        {
            return b;
        }

        return b is null ? a : Math.Min(a.Value, b.Value);
    }

    private static long? Max(long? a, long b) => a is null ? b : Math.Max(a.Value, b);

    private sealed record StatementPage(IReadOnlyList<GamificationStatement> Statements, string? More, long? ConsistentThroughMs);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "LrsReadFailed", Level = LogLevel.Warning,
            Message = "Reading statements from source {Source} failed with HTTP status {StatusCode}")]
        public static partial void ReadFailed(ILogger logger, string source, int statusCode);

        [LoggerMessage(EventId = 3002, EventName = "LrsStatementSkipped", Level = LogLevel.Information,
            Message = "Source {Source} returned a statement the engine cannot use: {Reason}")]
        public static partial void StatementSkipped(ILogger logger, string source, string reason);

        [LoggerMessage(EventId = 3003, EventName = "ConsistentThroughMissing", Level = LogLevel.Warning,
            Message = "Source {Source} sent no X-Experience-API-Consistent-Through header; the watermark stays at the last stored time read")]
        public static partial void ConsistentThroughMissing(ILogger logger, string source);
    }
}
