namespace LtiPd.Gamification.Engine;

/// <summary>The decisions a reviewer or admin can make on an award, as stored.</summary>
public static class DecisionKinds
{
    /// <summary>Cancel a counted or held award.</summary>
    public const string Reverse = "reverse";

    /// <summary>Let a held award count.</summary>
    public const string Release = "release";

    /// <summary>Reject a held award.</summary>
    public const string Reject = "reject";
}
