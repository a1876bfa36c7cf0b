namespace LtiPd.Gamification.Statements;

/// <summary>
/// A stream of stored statements in stored order, read after a watermark the source defines. The
/// host wires the embedded LRS in process; <see cref="HttpStatementSource"/> polls any LRS.
/// </summary>
public interface IStatementSource
{
    /// <summary>A stable name that keys the engine's stored watermark for this source.</summary>
    string Name { get; }

    /// <summary>
    /// Reads up to <paramref name="maxCount"/> statements stored after <paramref name="watermark"/>
    /// (null reads from the start). A source may return a statement again; the engine skips
    /// statement ids it has processed.
    /// </summary>
    Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken);
}
