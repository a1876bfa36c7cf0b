namespace LtiPd.LtiTool.DevPlatform;

/// <summary>What became of a posted score.</summary>
public enum DevScoreOutcome
{
    /// <summary>The score was recorded and is the learner's latest.</summary>
    Recorded,

    /// <summary>No such line item in the course.</summary>
    LineItemNotFound,

    /// <summary>A score with a later timestamp is already recorded (AGS 2.0 forbids updating a result with an older score), so this one was not.</summary>
    OutOfOrder,
}
