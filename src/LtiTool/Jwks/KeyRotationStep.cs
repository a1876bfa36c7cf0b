namespace LtiPd.LtiTool.Jwks;

/// <summary>Steps of a tool key rotation.</summary>
public enum KeyRotationStep
{
    /// <summary>A new key was created and published as next.</summary>
    NextKeyPublished,

    /// <summary>The next key has not been published long enough; nothing changed.</summary>
    Waiting,

    /// <summary>The next key became current and the old one was retired.</summary>
    Activated,
}
