namespace LtiPd.LtiTool.Catalog;

/// <summary>One learner step and the kind of statement it produces.</summary>
/// <param name="Verb">The kind of step.</param>
/// <param name="Step">The step's ids, time and outcome.</param>
public sealed record LearningEvent(LearningEventVerb Verb, LearningStep Step);
