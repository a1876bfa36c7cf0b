namespace LtiPd.LtiTool.Records;

/// <summary>An issued certificate, as stored.</summary>
public sealed record Certificate
{
    /// <summary>The unguessable code of the public verification page.</summary>
    public required string Code { get; init; }

    /// <summary>The registration of the holder.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The district that issued the certificate.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The district's name.</summary>
    public required string DistrictName { get; init; }

    /// <summary>What the certificate is for.</summary>
    public required CertificateSubject Subject { get; init; }

    /// <summary>The holder's name at issue, when the LMS sent one.</summary>
    public string? HolderName { get; init; }

    /// <summary>When the certificate was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the certificate was revoked, or null while it is valid.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why the certificate was revoked.</summary>
    public string? RevokedReason { get; init; }

    /// <summary>Whether the certificate is still valid.</summary>
    public bool IsValid => RevokedAt is null;
}
