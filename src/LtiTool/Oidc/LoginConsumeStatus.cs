namespace LtiPd.LtiTool.Oidc;

/// <summary>Outcomes of consuming a login record.</summary>
public enum LoginConsumeStatus
{
    /// <summary>The login existed, was fresh and is now consumed.</summary>
    Consumed,

    /// <summary>No login has this state.</summary>
    Unknown,

    /// <summary>The login expired before its launch.</summary>
    Expired,

    /// <summary>The login was consumed by an earlier launch.</summary>
    AlreadyUsed,

    /// <summary>The request does not carry the login cookie of the browser that started the login; nothing changed.</summary>
    NotBoundToBrowser,
}
