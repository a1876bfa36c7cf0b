using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>
/// Fetches and caches platform JSON Web Key Sets. An unknown kid triggers a refetch at once, so a
/// platform's rotated key works immediately, but at most once per
/// <see cref="LtiOptions.JwksRefetchIntervalSeconds"/> per URL, so a flood of tokens with made-up
/// kids cannot turn the tool into a load generator against the LMS.
/// </summary>
public sealed partial class PlatformKeyCache
{
    /// <summary>The name of the HttpClient used for platform calls.</summary>
    public const string HttpClientName = "LtiPlatform";

    /// <summary>
    /// The largest JWKS body read, in bytes. One 4096-bit RSA key takes under 1 KB of JSON, so
    /// this leaves room for hundreds of keys.
    /// </summary>
    public const int MaxJwksBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PlatformKeyCache> _logger;

    /// <summary>Creates the cache.</summary>
    public PlatformKeyCache(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<LtiOptions> options,
        TimeProvider timeProvider,
        ILogger<PlatformKeyCache> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Finds the signing key <paramref name="kid"/> in the JWKS at <paramref name="jwksUrl"/>.</summary>
    public async Task<KeyLookupResult> FindSigningKeyAsync(string jwksUrl, string kid, CancellationToken cancellationToken)
    {
        if (FindCachedSigningKey(jwksUrl, kid) is { } cached)
        {
            return cached;
        }

        var entry = _entries.GetOrAdd(jwksUrl, _ => new CacheEntry());
        var now = _timeProvider.GetUtcNow();
        var snapshot = entry.Snapshot;

        var refetchInterval = TimeSpan.FromSeconds(_options.CurrentValue.JwksRefetchIntervalSeconds);
        if (snapshot is not null && now < snapshot.ExpiresAt && now - entry.LastAttempt < refetchInterval)
        {
            return snapshot.Lookup(kid);
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed the set while this one waited. The interval
            // also holds when no set was ever fetched, so a platform whose JWKS is down is not
            // asked again for every launch.
            snapshot = entry.Snapshot;
            now = _timeProvider.GetUtcNow();
            if (now - entry.LastAttempt < refetchInterval)
            {
                return snapshot?.Lookup(kid) ?? new KeyLookupResult(KeyLookupStatus.Unavailable, null);
            }

            entry.LastAttempt = now;
            var fetched = await FetchAsync(jwksUrl, cancellationToken);

            // The interval runs from the end of the attempt, because the resilience handler's
            // retries can make a failing fetch take longer than the interval itself.
            entry.LastAttempt = _timeProvider.GetUtcNow();
            if (fetched is null)
            {
                // Keep using the last good set while the platform is unreachable.
                return snapshot?.Lookup(kid) is { Status: KeyLookupStatus.Found } stale
                    ? stale
                    : new KeyLookupResult(KeyLookupStatus.Unavailable, null);
            }

            entry.Snapshot = fetched;
            return fetched.Lookup(kid);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Looks <paramref name="kid"/> up in the cached, unexpired JWKS at <paramref name="jwksUrl"/>
    /// without waiting. Returns null when the set must be fetched first: none is cached, it expired,
    /// or it lacks the kid. <see cref="FindSigningKeyAsync"/> handles those cases.
    /// </summary>
    public KeyLookupResult? FindCachedSigningKey(string jwksUrl, string kid)
    {
        if (!_entries.TryGetValue(jwksUrl, out var entry) || entry.Snapshot is not { } snapshot || _timeProvider.GetUtcNow() >= snapshot.ExpiresAt)
        {
            return null;
        }

        return snapshot.Lookup(kid) is { Status: not KeyLookupStatus.UnknownKid } cached ? cached : null;
    }

    /// <summary>Forgets every cached key set (tests and the dev platform's key reset use it).</summary>
    public void Clear() => _entries.Clear();

    private async Task<KeySetSnapshot?> FetchAsync(string jwksUrl, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(jwksUrl), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.JwksFetchFailed(_logger, jwksUrl, (int)response.StatusCode, null);
                return null;
            }

            var json = await ReadLimitedAsync(response.Content, cancellationToken);
            if (json is null)
            {
                Log.JwksTooLarge(_logger, jwksUrl, MaxJwksBytes);
                return null;
            }

            var keySet = new JsonWebKeySet(json);
            var snapshot = KeySetSnapshot.Create(keySet, options, _timeProvider.GetUtcNow(), CacheLifetime(response, options));
            Log.JwksFetched(_logger, jwksUrl, snapshot.KeyCount);
            return snapshot;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Network errors, the resilience handler's timeouts (Polly's TimeoutRejectedException)
            // and unparsable key sets all mean the same to a launch: the keys are unavailable.
            Log.JwksFetchFailed(_logger, jwksUrl, 0, exception);
            return null;
        }
    }

    /// <summary>
    /// Reads at most <see cref="MaxJwksBytes"/> of the body, so a hostile or broken endpoint cannot
    /// make the tool buffer an unbounded response. Returns null when the body is larger.
    /// </summary>
    private static async Task<string?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxJwksBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJwksBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static TimeSpan CacheLifetime(HttpResponseMessage response, LtiOptions options)
    {
        var configured = TimeSpan.FromSeconds(options.JwksCacheSeconds);
        var maxAge = response.Headers.CacheControl?.MaxAge;
        if (maxAge is null)
        {
            return configured;
        }

        // Honour a platform's shorter max-age, but never cache for less than a minute.
        var bounded = maxAge.Value < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : maxAge.Value;
        return bounded < configured ? bounded : configured;
    }

    private sealed class CacheEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile KeySetSnapshot? Snapshot;

        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "JwksFetched", Level = LogLevel.Information,
            Message = "Fetched platform JWKS {JwksUrl} with {KeyCount} usable signing keys")]
        public static partial void JwksFetched(ILogger logger, string jwksUrl, int keyCount);

        [LoggerMessage(EventId = 1203, EventName = "JwksTooLarge", Level = LogLevel.Warning,
            Message = "Platform JWKS {JwksUrl} is larger than {MaxBytes} bytes and was not used")]
        public static partial void JwksTooLarge(ILogger logger, string jwksUrl, int maxBytes);

        [LoggerMessage(EventId = 1202, EventName = "JwksFetchFailed", Level = LogLevel.Warning,
            Message = "Fetching platform JWKS {JwksUrl} failed with HTTP status {StatusCode}")]
        public static partial void JwksFetchFailed(ILogger logger, string jwksUrl, int statusCode, Exception? exception);
    }
}
