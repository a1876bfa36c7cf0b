namespace LtiPd.LtiTool.Catalog;

/// <summary>The kinds of learner step <see cref="ILearningEventSink"/> receives, named after their xAPI verbs.</summary>
public enum LearningEventVerb
{
    /// <summary>A module was opened.</summary>
    Launched,

    /// <summary>A read or watch activity was done.</summary>
    Experienced,

    /// <summary>A quiz question was answered.</summary>
    Answered,

    /// <summary>An activity or a module was completed.</summary>
    Completed,

    /// <summary>A quiz reached its mastery score.</summary>
    Passed,

    /// <summary>A quiz stayed below its mastery score.</summary>
    Failed,

    /// <summary>A reflection was submitted.</summary>
    Submitted,
}
