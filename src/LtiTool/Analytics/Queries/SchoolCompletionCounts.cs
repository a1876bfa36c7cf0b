namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Counts the learners per school and module who completed the module, from completion rows read
/// in actor order. Each learner's modules are deduplicated while their rows are read, and the
/// schools are then looked up once per learner, so the database neither groups a row per learner
/// and module nor joins each row to the people tables.
/// </summary>
internal sealed class SchoolCompletionCounts
{
    private readonly List<(long ActorId, List<string> ModuleIds)> _learners = [];
    private readonly HashSet<string> _modulesOfActor = new(StringComparer.Ordinal);

    /// <summary>The actors added so far, in the order of their first row.</summary>
    public IReadOnlyList<long> ActorIds => _learners.Select(learner => learner.ActorId).ToList();

    /// <summary>Adds one completion row. The rows of one actor must follow each other.</summary>
    public void Add(long actorId, string moduleId)
    {
        if (_learners.Count == 0 || _learners[^1].ActorId != actorId)
        {
            _learners.Add((actorId, []));
            _modulesOfActor.Clear();
        }

        if (_modulesOfActor.Add(moduleId))
        {
            _learners[^1].ModuleIds.Add(moduleId);
        }
    }

    /// <summary>
    /// Returns one row per school and module, ordered by school id (no school first), then module
    /// id, both ordinal. <paramref name="schools"/> maps each actor to its school; an actor it
    /// leaves out or maps to null counts under no school recorded.
    /// </summary>
    public IReadOnlyList<SchoolCompletionRow> Rows(IReadOnlyDictionary<long, string?> schools)
    {
        var counts = new Dictionary<(string? SchoolId, string ModuleId), long>();
        foreach (var (actorId, moduleIds) in _learners)
        {
            var schoolId = schools.GetValueOrDefault(actorId);
            foreach (var moduleId in moduleIds)
            {
                counts[(schoolId, moduleId)] = counts.GetValueOrDefault((schoolId, moduleId)) + 1;
            }
        }

        return counts
            .OrderBy(entry => entry.Key.SchoolId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.ModuleId, StringComparer.Ordinal)
            .Select(entry => new SchoolCompletionRow { SchoolId = entry.Key.SchoolId, ModuleId = entry.Key.ModuleId, Learners = entry.Value })
            .ToList();
    }
}
