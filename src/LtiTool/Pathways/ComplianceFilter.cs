using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// What the compliance page and CSV count: one item (the whole pathway or a required module) and
/// the people matching every filter given. A null filter matches everyone.
/// </summary>
internal sealed record ComplianceFilter
{
    /// <summary>The value of <see cref="School"/> and <see cref="Course"/> that matches people without one.</summary>
    public const string None = "none";

    /// <summary>A required module id, or null for the whole pathway.</summary>
    public string? ModuleId { get; init; }

    /// <summary>A school key (registration id, colon, school id), <see cref="None"/>, or null.</summary>
    public string? School { get; init; }

    /// <summary>A course id of the district, <see cref="None"/>, or null.</summary>
    public string? Course { get; init; }

    public PdRole? Role { get; init; }

    /// <summary>The first due day counted (inclusive); items without a due day are left out when set.</summary>
    public DateOnly? DueFrom { get; init; }

    /// <summary>The last due day counted (inclusive); items without a due day are left out when set.</summary>
    public DateOnly? DueTo { get; init; }

    /// <summary>The page of the people list, from 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Whether any filter besides the item and the page is set.</summary>
    public bool NarrowsPeople => School is not null || Course is not null || Role is not null || DueFrom is not null || DueTo is not null;
}
