using System.Collections.Concurrent;

namespace LtiPd.LtiTool.Platforms;

/// <summary>
/// A few seconds of memory for registry reads, which every login and launch repeats. Writes on
/// this node clear it at once; a change made on another node (or by the command line) is seen
/// here within <see cref="Lifetime"/>.
/// </summary>
internal sealed class RegistryCache
{
    /// <summary>How long a read is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (object? Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

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

    public void Set<T>(string key, T value) => _entries[key] = (value, _timeProvider.GetUtcNow() + Lifetime);

    /// <summary>Returns the cached value of <paramref name="key"/>, loading and caching it when absent or stale. A null result is not cached.</summary>
    public async Task<T?> GetOrLoadAsync<T>(string key, Func<Task<T?>> load)
        where T : class
    {
        if (TryGet(key, out T? cached))
        {
            return cached;
        }

        var value = await load();
        if (value is not null)
        {
            Set(key, value);
        }

        return value;
    }

    public void Clear() => _entries.Clear();
}
