namespace LtiPd.LtiTool.Catalog;

/// <summary>A module a learner completed.</summary>
/// <param name="ModuleId">The module's catalog id.</param>
/// <param name="PointsEarned">The learner's points in the module when it was completed.</param>
/// <param name="CompletedAt">When the module was completed.</param>
/// <param name="CycleStartMs">The start (Unix ms) of the module cycle the completion counts for; 0 unless the module recurs.</param>
public sealed record ModuleCompletionRecord(string ModuleId, int PointsEarned, DateTimeOffset CompletedAt, long CycleStartMs = 0);
