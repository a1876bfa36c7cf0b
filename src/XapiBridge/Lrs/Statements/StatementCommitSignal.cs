namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Notifies in-process readers that statements committed. It covers only commits made by this
/// process, so readers on other nodes must poll <see cref="LrsStatementFeed.ReadAfterAsync"/>.
/// </summary>
internal sealed class StatementCommitSignal
{
    private readonly Lock _lock = new();
    private long _latestSeq;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records that statements up to <paramref name="seq"/> committed and wakes waiters.</summary>
    public void Notify(long seq)
    {
        TaskCompletionSource completed;
        lock (_lock)
        {
            if (seq <= _latestSeq)
            {
                return;
            }

            _latestSeq = seq;
            completed = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completed.TrySetResult();
    }

    /// <summary>Completes once a statement with seq above <paramref name="afterSeq"/> committed in this process.</summary>
    public async Task WaitAsync(long afterSeq, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_latestSeq > afterSeq)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }
}
