namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>What a row of <c>analytics_facts</c> records; stored as <c>analytics_facts.kind</c>.</summary>
internal enum FactKind
{
    /// <summary>The learner launched a module (verb launched, object a module).</summary>
    Launched = 1,

    /// <summary>The learner worked in a module: experienced, answered, passed or failed under it.</summary>
    Started = 2,

    /// <summary>The learner completed a module (verb completed, object a module).</summary>
    Completed = 3,

    /// <summary>The learner submitted evidence (verb submit, object an evidence activity).</summary>
    EvidenceSubmitted = 4,

    /// <summary>A reviewer approved evidence; the actor is the reviewer.</summary>
    EvidenceApproved = 5,

    /// <summary>A reviewer returned evidence for revision; the actor is the reviewer.</summary>
    EvidenceReturned = 6,

    /// <summary>The learner earned points; the amount is <c>result.score.raw</c>.</summary>
    EarnedPoints = 7,

    /// <summary>The learner reached a level; the amount is the level extension.</summary>
    ReachedLevel = 8,
}
