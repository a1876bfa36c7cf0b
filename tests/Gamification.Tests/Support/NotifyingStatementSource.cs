using System.Globalization;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>
/// A source in the test's process that reports each commit, as the embedded LRS does. Its
/// watermark is the list index.
/// </summary>
public sealed class NotifyingStatementSource : ICommitNotifyingStatementSource
{
    private readonly List<GamificationStatement> _statements = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nonEmptyReads;

    /// <summary>Completes when a worker first waits for a commit.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The number of reads that returned at least one statement, one per engine batch.</summary>
    public int NonEmptyReads => Volatile.Read(ref _nonEmptyReads);

    public string Name => "notifying";

    public void Commit(GamificationStatement statement)
    {
        TaskCompletionSource committed;
        lock (_lock)
        {
            _statements.Add(statement);
            committed = _committed;
            _committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        committed.TrySetResult();
    }

    public Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var start = watermark is null ? 0 : int.Parse(watermark, CultureInfo.InvariantCulture);
            var batch = _statements.Skip(start).Take(maxCount).ToList();
            var end = start + batch.Count;
            if (batch.Count > 0)
            {
                Interlocked.Increment(ref _nonEmptyReads);
            }

            return Task.FromResult(new StatementBatch(batch, end.ToString(CultureInfo.InvariantCulture), end < _statements.Count));
        }
    }

    public async Task WaitForStatementsAsync(string? watermark, CancellationToken cancellationToken)
    {
        Task committed;
        lock (_lock)
        {
            var start = watermark is null ? 0 : int.Parse(watermark, CultureInfo.InvariantCulture);
            if (_statements.Count > start)
            {
                return;
            }

            committed = _committed.Task;
        }

        Waiting.TrySetResult();
        await committed.WaitAsync(cancellationToken);
    }
}
