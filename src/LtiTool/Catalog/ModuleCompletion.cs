namespace LtiPd.LtiTool.Catalog;

/// <summary>The rule that decides when a module is complete.</summary>
public static class ModuleCompletion
{
    /// <summary>
    /// Computes a learner's progress in <paramref name="module"/> from the ids of the activities
    /// they have done. The module is complete when every required activity is done and the done
    /// activities' points reach the module's threshold; electives fill the gap, so a learner
    /// chooses which ones. Ids that are not activities of the module (an activity removed from
    /// the catalog since) count for nothing.
    /// </summary>
    public static ModuleProgress Evaluate(CatalogModule module, IReadOnlySet<string> doneActivityIds)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(doneActivityIds);

        var done = module.Activities.Where(activity => doneActivityIds.Contains(activity.Id)).ToList();
        var left = module.Activities.Where(activity => !doneActivityIds.Contains(activity.Id)).ToList();

        return new ModuleProgress
        {
            PointsEarned = done.Sum(activity => activity.Points),
            PointsToComplete = module.PointsToComplete,
            RequiredLeft = left.Where(activity => activity.IsRequired).ToList(),
            ElectivesLeft = left.Where(activity => !activity.IsRequired).ToList(),
            ActivitiesDone = done.Count,
        };
    }
}
