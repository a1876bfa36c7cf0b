namespace LtiPd.Gamification.Points;

/// <summary>The statuses of a ledger row, as stored.</summary>
public static class AwardStatus
{
    /// <summary>The points count towards standings.</summary>
    public const string Counted = "counted";

    /// <summary>The award passed the burst limit and waits for a reviewer; its points do not count yet.</summary>
    public const string Held = "held";

    /// <summary>A reviewer rejected the held award, or its statement was voided while held.</summary>
    public const string Rejected = "rejected";
}
