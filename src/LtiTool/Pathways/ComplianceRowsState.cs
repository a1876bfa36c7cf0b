namespace LtiPd.LtiTool.Pathways;

/// <summary>How current the stored status rows of one pathway are, as a read finds them without a lock.</summary>
/// <param name="Built">Whether the pathway has stored rows.</param>
/// <param name="CurrentDefinition">Whether they were built from the pathway's current definition, catalog modules and cycle.</param>
/// <param name="BuiltAt">When they were last brought up to date, by a build or by evaluating marked people again.</param>
/// <param name="MarkedPeople">People of the district whose changes the rows may not include yet.</param>
internal sealed record ComplianceRowsState(bool Built, bool CurrentDefinition, DateTimeOffset? BuiltAt, long MarkedPeople)
{
    /// <summary>Whether the rows are exact: built from the current definition with no one marked.</summary>
    public bool IsCurrent => Built && CurrentDefinition && MarkedPeople == 0;
}
