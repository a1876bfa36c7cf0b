namespace LtiPd.Gamification.Output;

/// <summary>
/// Receives award statements for the LRS. The host wires the embedded LRS or an external one.
/// A sink must accept a statement id it has seen before as success: the dispatcher resends after
/// a crash, and xAPI 1.0.3 (Communication, 2.2) lets an LRS respond 204 or 409 to the same id.
/// </summary>
public interface IAwardStatementSink
{
    /// <summary>Sends one statement; throws when it was not stored, so it is retried.</summary>
    Task SendAsync(string tenantId, OutputStatement statement, CancellationToken cancellationToken);
}
