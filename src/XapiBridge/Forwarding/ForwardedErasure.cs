namespace LtiPd.XapiBridge.Forwarding;

/// <summary>What erasing one person reached in a district's forwarding to its own LRS.</summary>
/// <param name="LrsEndpoint">The district LRS the voiding statements go to, or null when the district forwards nowhere.</param>
/// <param name="OutboxRowsRedacted">Outbox rows whose statement was redacted: queued, delivered and rejected ones.</param>
/// <param name="PendingRowsRedacted">Of those, the rows not yet delivered, which now go out redacted.</param>
/// <param name="VoidedStatementIds">The statements a voiding statement is queued for, in queue order.</param>
public sealed record ForwardedErasure(
    Uri? LrsEndpoint,
    int OutboxRowsRedacted,
    int PendingRowsRedacted,
    IReadOnlyList<Guid> VoidedStatementIds)
{
    /// <summary>The result for a district with nothing forwarded and no LRS configured.</summary>
    public static ForwardedErasure None { get; } = new(null, 0, 0, []);
}
