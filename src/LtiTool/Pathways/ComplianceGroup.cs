namespace LtiPd.LtiTool.Pathways;

/// <summary>One row of a compliance table: a school, course or module and its people per state.</summary>
internal sealed class ComplianceGroup
{
    private readonly int[] _counts = new int[4];

    public ComplianceGroup(string label)
    {
        Label = label;
    }

    public string Label { get; }

    /// <summary>Everyone counted in the group.</summary>
    public int People => _counts.Sum();

    public int Count(ProgressState state) => _counts[(int)state];

    public void Add(ProgressState state, int people) => _counts[(int)state] += people;
}
