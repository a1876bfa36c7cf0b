namespace LtiPd.LtiTool.Records;

/// <summary>A teacher's PD transcript: completed modules and their credit hours by school year, and completed pathways.</summary>
/// <param name="DistrictId">The district that keeps the record.</param>
/// <param name="DistrictName">The district's name.</param>
/// <param name="PersonName">The teacher's name as the LMS sent it, when it did.</param>
/// <param name="Years">The school years with completions, latest first.</param>
public sealed record Transcript(string DistrictId, string DistrictName, string? PersonName, IReadOnlyList<TranscriptYear> Years)
{
    /// <summary>The completed pathway cycles, latest first, each with its certificate.</summary>
    public IReadOnlyList<TranscriptPathway> Pathways { get; init; } = [];

    /// <summary>Returns the completed pathway cycle, or null when the person has not completed it.</summary>
    public TranscriptPathway? FindPathway(string pathwayId, long cycleStartMs) =>
        Pathways.FirstOrDefault(pathway => string.Equals(pathway.PathwayId, pathwayId, StringComparison.Ordinal) && pathway.CycleStartMs == cycleStartMs);

    /// <summary>Returns the entry of <paramref name="moduleId"/> for one cycle, or null when that cycle is not completed.</summary>
    public TranscriptEntry? Find(string moduleId, long cycleStartMs) =>
        Years.SelectMany(year => year.Entries).FirstOrDefault(entry => string.Equals(entry.ModuleId, moduleId, StringComparison.Ordinal) && entry.CycleStartMs == cycleStartMs);

    /// <summary>Returns an entry of <paramref name="moduleId"/>, or null when it is not completed.</summary>
    public TranscriptEntry? Find(string moduleId) =>
        Years.SelectMany(year => year.Entries).FirstOrDefault(entry => string.Equals(entry.ModuleId, moduleId, StringComparison.Ordinal));
}
