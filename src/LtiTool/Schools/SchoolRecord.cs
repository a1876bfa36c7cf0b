namespace LtiPd.LtiTool.Schools;

/// <summary>A school of a registration.</summary>
public sealed record SchoolRecord
{
    /// <summary>The registration the school id belongs to.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The school id, as the district's LMS or roster names it.</summary>
    public required string SchoolId { get; init; }

    /// <summary>The school's name.</summary>
    public required string Name { get; init; }
}
