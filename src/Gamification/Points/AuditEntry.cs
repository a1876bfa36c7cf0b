namespace LtiPd.Gamification.Points;

/// <summary>One audit row: who changed what in the tenant's gamification, and why.</summary>
/// <param name="AuditId">The row id.</param>
/// <param name="Action">The action: reverse, release, reject, rules-apply.</param>
/// <param name="Actor">The user who acted.</param>
/// <param name="AwardKey">The award acted on, or null.</param>
/// <param name="Detail">The reason or description.</param>
/// <param name="AtMs">When, in Unix milliseconds.</param>
public sealed record AuditEntry(string AuditId, string Action, string Actor, string? AwardKey, string Detail, long AtMs);
