using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Launch;

/// <summary>An id_token that passed every stateless check, with its parsed claims.</summary>
/// <param name="Request">The LTI claims.</param>
/// <param name="KeyId">The kid of the platform key that signed it.</param>
/// <param name="ExpiresAt">The token's exp.</param>
public sealed record ValidatedIdToken(LtiRequest Request, string KeyId, DateTimeOffset ExpiresAt);
