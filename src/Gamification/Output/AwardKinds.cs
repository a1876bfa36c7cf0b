namespace LtiPd.Gamification.Output;

/// <summary>The kinds of award statements, as stored in the outbox.</summary>
public static class AwardKinds
{
    /// <summary>Points earned under a rule.</summary>
    public const string Points = "points";

    /// <summary>A level reached.</summary>
    public const string Level = "level";

    /// <summary>A badge earned.</summary>
    public const string Badge = "badge";
}
