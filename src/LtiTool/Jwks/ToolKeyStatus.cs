namespace LtiPd.LtiTool.Jwks;

/// <summary>Where a tool key is in its rotation.</summary>
public enum ToolKeyStatus
{
    /// <summary>Published in the JWKS, waiting to become current.</summary>
    Next,

    /// <summary>Signs everything the tool sends.</summary>
    Current,

    /// <summary>No longer signs; still published for a grace period so in-flight tokens verify.</summary>
    Retired,
}
