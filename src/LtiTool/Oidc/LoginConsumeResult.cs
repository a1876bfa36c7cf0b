namespace LtiPd.LtiTool.Oidc;

/// <summary>The outcome of looking up a login record for its launch.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Login">The login record, when one exists for the state.</param>
public sealed record LoginConsumeResult(LoginConsumeStatus Status, LoginState? Login);
