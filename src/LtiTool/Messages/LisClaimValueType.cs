namespace LtiPd.LtiTool.Messages;

/// <summary>The LIS claim: student-information-system ids of the person and course.</summary>
/// <param name="PersonSourcedId">The person's SIS id.</param>
/// <param name="CourseOfferingSourcedId">The course offering's SIS id.</param>
/// <param name="CourseSectionSourcedId">The course section's SIS id.</param>
public sealed record LisClaimValueType(string? PersonSourcedId, string? CourseOfferingSourcedId, string? CourseSectionSourcedId);
