namespace LtiPd.Gamification.Points;

/// <summary>One row of the points ledger.</summary>
public sealed record LedgerEntry
{
    /// <summary>The district (tenant) the row belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>The unique key over (user, rule, item).</summary>
    public required string AwardKey { get; init; }

    /// <summary>The teacher's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The rule key, or <c>reversal</c> for a row that cancels an earlier award.</summary>
    public required string RuleKey { get; init; }

    /// <summary>The item: the activity id, or for a reversal the award key it cancels.</summary>
    public required string ItemId { get; init; }

    /// <summary>The points; negative on reversals.</summary>
    public required int Points { get; init; }

    /// <summary>Whether the points count now, wait for review, or were rejected.</summary>
    public required string Status { get; init; }

    /// <summary>Whether the award counted towards the daily cap.</summary>
    public required bool Capped { get; init; }

    /// <summary>Why the row exists, in words a teacher understands.</summary>
    public required string Reason { get; init; }

    /// <summary>The statement that earned or voided the award; null for an admin reversal.</summary>
    public string? SourceStatementId { get; init; }

    /// <summary>For a reversal, the award key it cancels.</summary>
    public string? ReversesAwardKey { get; init; }

    /// <summary>The LMS course the award was earned in, from the statement context.</summary>
    public string? CourseId { get; init; }

    /// <summary>The school the award was earned in, from the statement context.</summary>
    public string? SchoolId { get; init; }

    /// <summary>The district-local day number (<see cref="DateOnly.DayNumber"/>).</summary>
    public required int LocalDay { get; init; }

    /// <summary>The stored time of the statement that earned the award; on a reversal, that of the award it cancels.</summary>
    public required long AwardedAtMs { get; init; }

    /// <summary>The processing position of that statement.</summary>
    public required long Position { get; init; }

    /// <summary>When the engine wrote the row.</summary>
    public required long RecordedAtMs { get; init; }
}
