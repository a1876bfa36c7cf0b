namespace LtiPd.LtiTool.Jwks;

/// <summary>What one call of <see cref="ToolKeyStore.RotateAsync"/> did.</summary>
/// <param name="Step">The step taken.</param>
/// <param name="KeyId">The kid of the next key, or of the key now current.</param>
/// <param name="ActivateAfter">When the next key may become current, if it has not yet.</param>
public sealed record KeyRotationResult(KeyRotationStep Step, string KeyId, DateTimeOffset? ActivateAfter);
