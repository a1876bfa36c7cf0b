using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>A person compliance counts: from the course roster, from launches, or both.</summary>
internal sealed class CompliancePerson
{
    public required string RegistrationId { get; init; }

    public required string Subject { get; init; }

    /// <summary>Our user row id, once the person has launched; progress exists only then.</summary>
    public string? UserRef { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? SchoolId { get; set; }

    /// <summary>The highest role seen in the roster or at a launch.</summary>
    public PdRole Role { get; set; }

    public HashSet<string> ContextRefs { get; } = new(StringComparer.Ordinal);

    public PathwayPerson AsPathwayPerson() => new() { RegistrationId = RegistrationId, Role = Role, ContextRefs = ContextRefs, SchoolId = SchoolId };
}
