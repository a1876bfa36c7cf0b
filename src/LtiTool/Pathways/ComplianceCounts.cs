namespace LtiPd.LtiTool.Pathways;

/// <summary>The three compliance tables of one item: by school, by course and by required module.</summary>
internal sealed record ComplianceCounts(IReadOnlyList<ComplianceGroup> BySchool, IReadOnlyList<ComplianceGroup> ByCourse, IReadOnlyList<ComplianceGroup> ByModule)
{
    /// <summary>The people counted by school, which is everyone counted once.</summary>
    public int People => BySchool.Sum(group => group.People);
}
