namespace LtiPd.LtiTool.Catalog;

/// <summary>A learner's progress in one module, computed by <see cref="ModuleCompletion.Evaluate"/>.</summary>
public sealed record ModuleProgress
{
    /// <summary>The points of the done activities.</summary>
    public required int PointsEarned { get; init; }

    /// <summary>The module's threshold.</summary>
    public required int PointsToComplete { get; init; }

    /// <summary>The points still missing to reach the threshold (0 when reached).</summary>
    public int PointsShort => Math.Max(0, PointsToComplete - PointsEarned);

    /// <summary>The required activities not yet done, in module order.</summary>
    public required IReadOnlyList<CatalogActivity> RequiredLeft { get; init; }

    /// <summary>The elective activities not yet done, in module order.</summary>
    public required IReadOnlyList<CatalogActivity> ElectivesLeft { get; init; }

    /// <summary>How many of the module's activities are done.</summary>
    public required int ActivitiesDone { get; init; }

    /// <summary>Whether every required activity is done and the points reach the threshold.</summary>
    public bool IsComplete => RequiredLeft.Count == 0 && PointsEarned >= PointsToComplete;

    /// <summary>Whether the learner has done anything in the module.</summary>
    public bool IsStarted => ActivitiesDone > 0;
}
