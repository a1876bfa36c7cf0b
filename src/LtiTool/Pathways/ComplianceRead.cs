namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Where one compliance read takes its figures from and how current they are: the stored rows
/// (exact, or with <see cref="Stale"/> saying what they miss), or rows evaluated in memory.
/// </summary>
internal sealed record ComplianceRead
{
    /// <summary>A read of stored rows that are exact.</summary>
    public static readonly ComplianceRead Current = new();

    /// <summary>The exact rows evaluated in memory for this read, or null to read the stored rows.</summary>
    public EvaluatedCompliance? Evaluated { get; init; }

    /// <summary>The state of stored rows that are not exact, which the read shows with a notice; null when the figures are exact.</summary>
    public ComplianceRowsState? Stale { get; init; }

    /// <summary>Whether the pathway has no stored rows yet and is too large to evaluate in the read.</summary>
    public bool RowsMissing => Stale is { Built: false };

    /// <summary>Whether the stored rows were built from an older definition, catalog or cycle of the pathway.</summary>
    public bool OlderDefinition => Stale is { Built: true, CurrentDefinition: false };

    /// <summary>People whose changes the stored rows do not include yet (0 when <see cref="OlderDefinition"/>, which outweighs them).</summary>
    public long PendingPeople => Stale is { Built: true, CurrentDefinition: true } stale ? stale.MarkedPeople : 0;
}
