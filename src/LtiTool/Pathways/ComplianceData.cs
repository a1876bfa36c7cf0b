using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Everything compliance reads for one pathway of one district, loaded once per request.</summary>
internal sealed record ComplianceData
{
    public required IReadOnlyList<CompliancePerson> People { get; init; }

    /// <summary>User id to their completions of the pathway's modules, every cycle.</summary>
    public required IReadOnlyDictionary<string, List<ModuleCompletionRecord>> Completions { get; init; }

    /// <summary>User id to the pathway's modules with any progress.</summary>
    public required IReadOnlyDictionary<string, HashSet<string>> Started { get; init; }

    /// <summary>(pathway id, user id, cycle start) of recorded completions of the pathway, to when each was completed (Unix ms).</summary>
    public required IReadOnlyDictionary<(string PathwayId, string UserRef, long CycleStartMs), long> PathwayCompletions { get; init; }

    /// <summary>(registration id, school id) to school name.</summary>
    public required IReadOnlyDictionary<(string RegistrationId, string SchoolId), string> SchoolNames { get; init; }

    /// <summary>Course id to display name.</summary>
    public required IReadOnlyDictionary<string, string> CourseNames { get; init; }
}
