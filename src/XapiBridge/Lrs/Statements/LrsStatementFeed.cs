using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// The in-process read API for consumers such as the gamification engine: statements in stored
/// order after a watermark, and a wait that completes when new statements commit.
/// </summary>
public sealed class LrsStatementFeed
{
    /// <summary>The largest batch <see cref="ReadAfterAsync"/> returns.</summary>
    public const int MaxBatchSize = 1000;

    private readonly StatementReader _reader;
    private readonly StatementCommitSignal _signal;

    internal LrsStatementFeed(StatementReader reader, StatementCommitSignal signal)
    {
        _reader = reader;
        _signal = signal;
    }

    /// <summary>
    /// Returns up to <paramref name="maxCount"/> statements (capped at <see cref="MaxBatchSize"/>)
    /// with a sequence above <paramref name="watermark"/>, ascending, voided ones included, for
    /// every tenant or only <paramref name="tenant"/>. Start from watermark 0.
    /// </summary>
    public async Task<IReadOnlyList<FeedStatement>> ReadAfterAsync(long watermark, int maxCount, CancellationToken cancellationToken, string? tenant = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(watermark);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var rows = await _reader.ReadAfterAsync(tenant, watermark, Math.Min(maxCount, MaxBatchSize), cancellationToken);
        return rows.Select(row =>
        {
            using var document = JsonDocument.Parse(row.StatementJson);
            return new FeedStatement(row.Seq, row.Tenant, row.StatementId, DateTimeOffset.FromUnixTimeMilliseconds(row.StoredAtMs),
                row.Voided != 0, document.RootElement.Clone());
        }).ToList();
    }

    /// <summary>
    /// Completes when this process commits a statement with a sequence above
    /// <paramref name="watermark"/>, or at once if it already has. Commits made by other nodes
    /// do not complete it, so multi-node consumers also poll on a timer.
    /// </summary>
    public Task WaitForStatementsAsync(long watermark, CancellationToken cancellationToken) =>
        _signal.WaitAsync(watermark, cancellationToken);
}
