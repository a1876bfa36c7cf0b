namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>What one deletion of a person's data changed, as the audit entry records it.</summary>
/// <param name="StatementsRedacted">Statements voided and redacted (they stay, so statement counts stay true).</param>
/// <param name="LedgerRowsRemoved">Gamification ledger rows removed.</param>
/// <param name="GamificationRowsRemoved">Other gamification rows removed: the engine's statement copies, levels, badges, streak pauses, challenge entries and queued award statements.</param>
/// <param name="ProgressRowsRemoved">Activity progress rows removed.</param>
/// <param name="CompletionsRemoved">Module completion, pathway completion and elective choice rows removed.</param>
/// <param name="CertificatesRevoked">Certificates revoked.</param>
/// <param name="SessionsRemoved">Open sessions ended.</param>
public sealed record ErasureCounts(
    int StatementsRedacted,
    int LedgerRowsRemoved,
    int GamificationRowsRemoved,
    int ProgressRowsRemoved,
    int CompletionsRemoved,
    int CertificatesRevoked,
    int SessionsRemoved)
{
    /// <summary>What the deletion queued for the district's own LRS; empty when the district forwards nowhere.</summary>
    public ErasureForwarding Forwarding { get; init; } = new(null, 0, 0, 0, []);
}
