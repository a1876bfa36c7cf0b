namespace LtiPd.XapiBridge.Profile;

/// <summary>Where and when a PD event happened: district, enrollment, course structure and LTI ids.</summary>
public sealed class PdEventContext
{
    /// <summary>The district the event belongs to.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The learner's enrollment in the course; see <see cref="PdStatements.RegistrationFor"/>.</summary>
    public required Guid Registration { get; init; }

    /// <summary>The course id in LtiPd.</summary>
    public required string CourseId { get; init; }

    /// <summary>The course title.</summary>
    public string? CourseName { get; init; }

    /// <summary>The module id, when the event happened inside a module.</summary>
    public string? ModuleId { get; init; }

    /// <summary>The module title.</summary>
    public string? ModuleName { get; init; }

    /// <summary>The pathway the course belongs to, if any.</summary>
    public string? PathwayId { get; init; }

    /// <summary>The pathway title.</summary>
    public string? PathwayName { get; init; }

    /// <summary>The learner's school id in the district, when a launch parameter or a roster import set one.</summary>
    public string? SchoolId { get; init; }

    /// <summary>The LTI deployment id of the launch.</summary>
    public string? LtiDeploymentId { get; init; }

    /// <summary>The LTI context id (the LMS course).</summary>
    public string? LtiContextId { get; init; }

    /// <summary>The LTI resource link id (the LMS placement).</summary>
    public string? LtiResourceLinkId { get; init; }

    /// <summary>The RFC 5646 language of the content, such as <c>en-US</c>.</summary>
    public string? Language { get; init; }

    /// <summary>When the event happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
