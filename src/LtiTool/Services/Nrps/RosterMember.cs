namespace LtiPd.LtiTool.Services.Nrps;

/// <summary>One member of a course as NRPS 2.0 returns it.</summary>
public sealed record RosterMember
{
    /// <summary>The member's LTI <c>sub</c> (<c>user_id</c> in NRPS).</summary>
    public required string Subject { get; init; }

    /// <summary>The full name, when the platform shares it.</summary>
    public string? Name { get; init; }

    /// <summary>The given name, when shared.</summary>
    public string? GivenName { get; init; }

    /// <summary>The family name, when shared.</summary>
    public string? FamilyName { get; init; }

    /// <summary>The email address, when shared.</summary>
    public string? Email { get; init; }

    /// <summary>The member's role URIs in the course.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary><c>Active</c> or <c>Inactive</c>; NRPS's <c>Deleted</c> is stored as Inactive.</summary>
    public string Status { get; init; } = "Active";
}
