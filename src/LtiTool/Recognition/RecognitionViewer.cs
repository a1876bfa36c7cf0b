using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>The signed-in person with the tenant and user id the gamification engine stores.</summary>
/// <param name="Session">The LTI session.</param>
/// <param name="TenantId">The district (the engine's tenant and the LRS tenant).</param>
/// <param name="UserId">The engine's user id: a SHA-256 over the platform issuer and the LTI <c>sub</c>.</param>
/// <param name="OptedIn">Whether the person shows their name on leaderboards.</param>
internal sealed record RecognitionViewer(LtiSession Session, string TenantId, string UserId, bool OptedIn);
