namespace LtiPd.Gamification.Statements;

/// <summary>
/// A statement source in the engine's own process that reports its commits, such as the embedded
/// LRS. The worker processes its statements right after they commit instead of at the next poll,
/// and still polls every source, because commits made by other processes are not reported.
/// </summary>
public interface ICommitNotifyingStatementSource : IStatementSource
{
    /// <summary>
    /// Completes when this process commits statements after <paramref name="watermark"/> (a
    /// watermark this source returned), or at once if it already has.
    /// </summary>
    Task WaitForStatementsAsync(string? watermark, CancellationToken cancellationToken);
}
