namespace LtiPd.Gamification.Rules;

/// <summary>What a badge counts over the teacher's history.</summary>
public enum BadgeCriterion
{
    /// <summary>Modules completed, limited to <see cref="BadgeDefinition.ActivityIds"/> when it is not empty.</summary>
    ModulesCompleted,

    /// <summary>Evidence a reviewer approved.</summary>
    EvidenceApproved,

    /// <summary>Total points.</summary>
    PointsTotal,

    /// <summary>The level number reached (1 is the first level).</summary>
    LevelReached,

    /// <summary>The current weekly streak, in weeks.</summary>
    StreakWeeks,

    /// <summary>Challenges won, limited to <see cref="BadgeDefinition.ActivityIds"/> when it is not empty.</summary>
    ChallengesWon,

    /// <summary>Modules completed whose catalog topic is <see cref="BadgeDefinition.Topic"/> (ignoring case).</summary>
    ModulesCompletedInTopic,
}
