namespace LtiPd.Gamification.Engine;

/// <summary>What processing one statement did.</summary>
public enum ProcessOutcome
{
    /// <summary>The statement was processed; it may or may not have earned anything.</summary>
    Processed,

    /// <summary>The statement was processed before, by this or another engine, and was skipped.</summary>
    Duplicate,

    /// <summary>A voiding statement: it reversed what its target earned, or marked the target so it earns nothing.</summary>
    Voiding,

    /// <summary>The statement was voided before it arrived and earned nothing.</summary>
    AlreadyVoided,
}
