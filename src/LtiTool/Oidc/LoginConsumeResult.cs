namespace LtiPd.LtiTool.Oidc;

/// <summary>The outcome of consuming a login record.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Login">The login record, when one exists for the state.</param>
public sealed record LoginConsumeResult(LoginConsumeStatus Status, LoginState? Login);
