namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Collects the turnaround of each submission as its row is read, per module and for all
/// modules, and returns the nearest-rank median and 90th percentile of each. A district's
/// submissions in a long range run to hundreds of thousands, so no object is kept per row.
/// </summary>
internal sealed class TurnaroundTimes
{
    private readonly Dictionary<string, Times> _modules = new(StringComparer.Ordinal);
    private readonly Times _all = new();
    private Times? _withoutModule;

    /// <summary>Adds one submission of <paramref name="moduleId"/>; a null <paramref name="turnaroundMs"/> is a submission without feedback yet.</summary>
    public void Add(string? moduleId, long? turnaroundMs)
    {
        Times? times;
        if (moduleId is null)
        {
            times = _withoutModule ??= new Times();
        }
        else if (!_modules.TryGetValue(moduleId, out times))
        {
            times = new Times();
            _modules.Add(moduleId, times);
        }

        times.Add(turnaroundMs);
        _all.Add(turnaroundMs);
    }

    /// <summary>
    /// Returns one row per module in ordinal order of the module id, submissions without a module
    /// first, then the row of all modules (a null module id). Returns no rows when none were added.
    /// </summary>
    public IReadOnlyList<TurnaroundRow> Rows()
    {
        if (_all.Count == 0)
        {
            return [];
        }

        var rows = new List<TurnaroundRow>();
        if (_withoutModule is not null)
        {
            rows.Add(_withoutModule.Row(null));
        }

        rows.AddRange(_modules.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Value.Row(entry.Key)));
        rows.Add(_all.Row(null));
        return rows;
    }

    private sealed class Times
    {
        private readonly List<long> _reviewed = [];
        private long _pending;

        public long Count => _reviewed.Count + _pending;

        public void Add(long? turnaroundMs)
        {
            if (turnaroundMs is { } value)
            {
                _reviewed.Add(value);
            }
            else
            {
                _pending++;
            }
        }

        // Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank
        // ceil(p * n / 100), 1-based.
        public TurnaroundRow Row(string? moduleId)
        {
            _reviewed.Sort();
            long? Percentile(int percent) => _reviewed.Count == 0 ? null : _reviewed[((percent * _reviewed.Count) + 99) / 100 - 1];
            return new TurnaroundRow { ModuleId = moduleId, Reviewed = _reviewed.Count, Pending = _pending, MedianMs = Percentile(50), P90Ms = Percentile(90) };
        }
    }
}
