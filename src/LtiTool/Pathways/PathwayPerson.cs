using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>What decides which pathways a person is assigned: role, courses and school.</summary>
public sealed record PathwayPerson
{
    /// <summary>The person's registration.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The person's role.</summary>
    public required PdRole Role { get; init; }

    /// <summary>Our ids of the courses the person is in, from the course roster and from launches.</summary>
    public required IReadOnlySet<string> ContextRefs { get; init; }

    /// <summary>The person's school id, or null.</summary>
    public string? SchoolId { get; init; }

    /// <summary>Whether any assignment of <paramref name="pathway"/> matches this person. Archived pathways match no one.</summary>
    public bool IsAssigned(Pathway pathway)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        return !pathway.Archived && pathway.Assignments.Any(assignment => assignment.Kind switch
        {
            AssignmentKind.Everyone => true,
            AssignmentKind.Role => string.Equals(assignment.Value, Role.ToString(), StringComparison.Ordinal),
            AssignmentKind.Course => ContextRefs.Contains(assignment.Value),
            AssignmentKind.School => SchoolId is not null
                && string.Equals(assignment.RegistrationId, RegistrationId, StringComparison.Ordinal)
                && string.Equals(assignment.Value, SchoolId, StringComparison.Ordinal),
        });
    }
}
