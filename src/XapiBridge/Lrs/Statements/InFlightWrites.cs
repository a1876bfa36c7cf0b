namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Tracks the stored times of statement writes that have not committed yet, so a query can
/// report in X-Experience-API-Consistent-Through a time before which every statement is visible.
/// </summary>
/// <remarks>
/// NOTE: it tracks only writes of this process. With several nodes on PostgreSQL or SQL Server,
/// a write in flight on another node can still commit with a stored time before the header.
/// </remarks>
internal sealed class InFlightWrites
{
    private readonly Lock _lock = new();
    private readonly List<long> _storedAtMs = [];

    /// <summary>Registers a write that will store at <paramref name="storedAtMs"/>; dispose the result after commit or rollback.</summary>
    public IDisposable Begin(long storedAtMs)
    {
        lock (_lock)
        {
            _storedAtMs.Add(storedAtMs);
        }

        return new Registration(this, storedAtMs);
    }

    /// <summary>Returns <paramref name="now"/>, or just before the oldest uncommitted write if that is earlier.</summary>
    public DateTimeOffset ConsistentThrough(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_storedAtMs.Count == 0)
            {
                return now;
            }

            var oldest = DateTimeOffset.FromUnixTimeMilliseconds(_storedAtMs.Min() - 1);
            return oldest < now ? oldest : now;
        }
    }

    private void End(long storedAtMs)
    {
        lock (_lock)
        {
            _storedAtMs.Remove(storedAtMs);
        }
    }

    private sealed class Registration(InFlightWrites owner, long storedAtMs) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.End(storedAtMs);
            }
        }
    }
}
