namespace LtiPd.LtiTool.Platforms;

/// <summary>Whether launches from a deployment are admitted.</summary>
public enum DeploymentStatus
{
    /// <summary>Seen in a launch but not yet approved by a district admin; its launches are rejected.</summary>
    Pending,

    /// <summary>Approved; its launches are admitted.</summary>
    Active,
}
