using LtiPd.XapiBridge.Forwarding;

namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>What a deletion queued for the district's own LRS, as the audit entry records it.</summary>
/// <param name="LrsEndpoint">The district LRS, or null when the district forwards nowhere.</param>
/// <param name="VoidingStatementsQueued">Voiding statements queued in the outbox, one per statement of the person.</param>
/// <param name="OutboxRowsRedacted">Outbox rows whose statement was redacted.</param>
/// <param name="PendingRowsRedacted">Of those, the rows not yet delivered, which now go out redacted.</param>
/// <param name="VoidedStatementIds">The ids of the statements voided in the district LRS; they name no person.</param>
public sealed record ErasureForwarding(
    string? LrsEndpoint,
    int VoidingStatementsQueued,
    int OutboxRowsRedacted,
    int PendingRowsRedacted,
    IReadOnlyList<string> VoidedStatementIds)
{
    /// <summary>Returns the audit form of <paramref name="forwarded"/>.</summary>
    public static ErasureForwarding From(ForwardedErasure forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        return new ErasureForwarding(
            forwarded.LrsEndpoint?.AbsoluteUri,
            forwarded.VoidedStatementIds.Count,
            forwarded.OutboxRowsRedacted,
            forwarded.PendingRowsRedacted,
            forwarded.VoidedStatementIds.Select(id => id.ToString("D")).ToList());
    }
}
