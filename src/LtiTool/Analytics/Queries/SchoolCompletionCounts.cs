namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Counts the learners per school and module who completed the module, from completion rows read
/// in actor order. Each learner's modules are deduplicated while their rows are read, and the
/// school comes from a map of the district's actors, so the database neither groups a row per
/// learner and module nor joins each row to the people tables.
/// </summary>
internal sealed class SchoolCompletionCounts
{
    private readonly IReadOnlyDictionary<long, string?> _schools;
    private readonly Dictionary<(string? SchoolId, string ModuleId), long> _learners = [];
    private readonly HashSet<string> _modulesOfActor = new(StringComparer.Ordinal);
    private long? _actorId;

    /// <summary>Creates counts that put each actor in the school <paramref name="schools"/> maps it to; null is no school recorded.</summary>
    public SchoolCompletionCounts(IReadOnlyDictionary<long, string?> schools)
    {
        _schools = schools;
    }

    /// <summary>Adds one completion row. The rows of one actor must follow each other.</summary>
    public void Add(long actorId, string moduleId)
    {
        if (actorId != _actorId)
        {
            _actorId = actorId;
            _modulesOfActor.Clear();
        }

        if (!_modulesOfActor.Add(moduleId))
        {
            return;
        }

        var key = (_schools.GetValueOrDefault(actorId), moduleId);
        _learners[key] = _learners.GetValueOrDefault(key) + 1;
    }

    /// <summary>Returns one row per school and module, ordered by school id (no school first), then module id, both ordinal.</summary>
    public IReadOnlyList<SchoolCompletionRow> Rows() =>
        _learners
            .OrderBy(entry => entry.Key.SchoolId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.ModuleId, StringComparer.Ordinal)
            .Select(entry => new SchoolCompletionRow { SchoolId = entry.Key.SchoolId, ModuleId = entry.Key.ModuleId, Learners = entry.Value })
            .ToList();
}
