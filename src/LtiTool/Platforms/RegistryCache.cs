using System.Collections.Concurrent;

namespace LtiPd.LtiTool.Platforms;

/// <summary>
/// A few seconds of memory for registry reads, which every login and launch repeats. Writes on
/// this node clear it at once, and a read that started before a clear is not kept. A change
/// made on another node (or by the command line) is seen here within <see cref="Lifetime"/>.
/// </summary>
internal sealed class RegistryCache
{
    /// <summary>How long a read is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (object? Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    // Counts the clears, so a value loaded before a clear is not stored after it. Set and Clear
    // take the lock, so no store can land between a clear's count and its removal of entries.
    private readonly Lock _writeLock = new();
    private long _generation;

    public RegistryCache(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public bool TryGet<T>(string key, out T? value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > _timeProvider.GetUtcNow())
        {
            value = (T?)entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The count of clears so far. Read it before loading a value to pass to <see cref="Set"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Stores <paramref name="value"/> unless the cache was cleared since <paramref name="loadedAtGeneration"/>.</summary>
    public void Set<T>(string key, T value, long loadedAtGeneration)
    {
        lock (_writeLock)
        {
            if (_generation == loadedAtGeneration)
            {
                _entries[key] = (value, _timeProvider.GetUtcNow() + Lifetime);
            }
        }
    }

    /// <summary>Returns the cached value of <paramref name="key"/>, loading and caching it when absent or stale. A null result is not cached.</summary>
    public async Task<T?> GetOrLoadAsync<T>(string key, Func<Task<T?>> load)
        where T : class
    {
        if (TryGet(key, out T? cached))
        {
            return cached;
        }

        var generation = Generation;
        var value = await load();
        if (value is not null)
        {
            Set(key, value, generation);
        }

        return value;
    }

    public void Clear()
    {
        lock (_writeLock)
        {
            _generation++;
            _entries.Clear();
        }
    }
}
