using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>
/// Where and to whom a Deep Linking response goes, read from the server-side session and the
/// registration, never from the picker form.
/// </summary>
/// <param name="ClientId">The tool's client id at the platform: the response's <c>iss</c>.</param>
/// <param name="PlatformIssuer">The platform's issuer: the response's <c>aud</c>.</param>
/// <param name="DeploymentId">The deployment the request came through.</param>
/// <param name="ToolOrigin">The tool's public origin, which content item URLs start with.</param>
/// <param name="Settings">The request's deep linking settings.</param>
public sealed record DeepLinkingTarget(
    string ClientId,
    string PlatformIssuer,
    string DeploymentId,
    string ToolOrigin,
    DeepLinkingSettingsClaimValueType Settings);
