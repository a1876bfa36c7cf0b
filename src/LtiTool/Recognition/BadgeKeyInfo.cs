namespace LtiPd.LtiTool.Recognition;

/// <summary>A district's badge signing key as the command line lists it.</summary>
/// <param name="KeyId">The key's JWK thumbprint, the fragment of the kid in signed credentials.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="Signing">Whether the key signs new credentials; the others only verify.</param>
internal sealed record BadgeKeyInfo(string KeyId, DateTimeOffset CreatedAt, bool Signing);
