namespace LtiPd.LtiTool.Oidc;

/// <summary>The server-side record of one OIDC login, waiting for its launch.</summary>
/// <param name="State">The state sent to the platform; the record's key.</param>
/// <param name="Nonce">The nonce the id_token must carry.</param>
/// <param name="RegistrationId">The registration the login was started for.</param>
/// <param name="DeploymentId">The lti_deployment_id the login named, if any.</param>
/// <param name="TargetLinkUri">The target the platform asked for.</param>
/// <param name="BrowserBindingHash">SHA-256 of the value in the browser's login cookie.</param>
/// <param name="ExpiresAt">When the login stops being usable.</param>
/// <param name="StorageTarget">The frame the platform named for LTI Platform Storage, or null when it named none.</param>
public sealed record LoginState(
    string State,
    string Nonce,
    string RegistrationId,
    string? DeploymentId,
    string TargetLinkUri,
    string BrowserBindingHash,
    DateTimeOffset ExpiresAt,
    string? StorageTarget = null);
