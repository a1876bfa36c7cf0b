namespace LtiPd.XapiBridge.Profile;

/// <summary>What a learner completed.</summary>
public enum PdCompletionScope
{
    /// <summary>The module of the event context.</summary>
    Module,

    /// <summary>The course of the event context.</summary>
    Course,

    /// <summary>The pathway of the event context.</summary>
    Pathway,
}
