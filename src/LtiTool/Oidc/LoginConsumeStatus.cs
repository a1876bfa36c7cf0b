namespace LtiPd.LtiTool.Oidc;

/// <summary>Outcomes of looking up a login record for its launch.</summary>
public enum LoginConsumeStatus
{
    /// <summary>The login exists, is bound to this browser, is fresh and was not consumed; the launch may consume it.</summary>
    Usable,

    /// <summary>No login has this state.</summary>
    Unknown,

    /// <summary>The login expired before its launch.</summary>
    Expired,

    /// <summary>The login was consumed by an earlier launch.</summary>
    AlreadyUsed,

    /// <summary>The request does not carry the login cookie of the browser that started the login; nothing changed.</summary>
    NotBoundToBrowser,
}
