namespace LtiPd.Storage;

/// <summary>
/// This process's turn to write to a SQLite database, from <see cref="Database.EnterWriteTurnAsync"/>.
/// Dispose it once the write committed or rolled back; disposing it again does nothing.
/// </summary>
public sealed class WriteTurn : IDisposable
{
    /// <summary>The turn of a provider that needs none.</summary>
    public static readonly WriteTurn None = new(null);

    private SemaphoreSlim? _gate;

    internal WriteTurn(SemaphoreSlim? gate)
    {
        _gate = gate;
    }

    /// <inheritdoc/>
    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
