using System.Text.Json;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The description of a checked claim that was sent with the wrong JSON type, which the launch
/// validator reports as <c>claim_invalid</c>.
/// </summary>
public sealed partial class LtiRequest
{
    /// <summary>
    /// Describes the first checked claim, in <see cref="TopLevelClaim"/> order, whose value had the
    /// wrong JSON type: the claim, what was sent and what LTI 1.3 requires. Returns null when none had.
    /// </summary>
    private static string? DescribeFirstTypeFault(ReadOnlySpan<JsonTokenType> typeFaults)
    {
        for (var index = 0; index < typeFaults.Length; index++)
        {
            var sent = typeFaults[index];
            if (sent == JsonTokenType.None)
            {
                continue;
            }

            var claim = (TopLevelClaim)index;
            return claim switch
            {
                TopLevelClaim.Expires or TopLevelClaim.IssuedAt or TopLevelClaim.NotBefore when sent == JsonTokenType.Number =>
                    $"{ClaimName(claim)} is out of range; a NumericDate must be a number of seconds from 0 to {MaxNumericDate}",
                TopLevelClaim.Expires or TopLevelClaim.IssuedAt or TopLevelClaim.NotBefore =>
                    $"{ClaimName(claim)} is {Describe(sent)}; it must be a NumericDate, a JSON number of seconds since 1970-01-01T00:00:00Z",
                TopLevelClaim.Audience =>
                    $"aud is {Describe(sent)}; it must be a string or an array of strings",
                TopLevelClaim.Roles =>
                    $"{LtiClaimNames.Roles} is {Describe(sent)}; it must be an array of role URIs, "
                    + "such as [\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"], or [] for no roles",
                TopLevelClaim.DeepLinkingSettings =>
                    $"the data member of {LtiClaimNames.DeepLinkingSettings} is {Describe(sent)}; LTI Deep Linking 2.0 defines data as an "
                    + "opaque string that the tool returns unchanged, so send it as a JSON string, such as the value serialized to text",
                _ => $"{ClaimName(claim)} is {Describe(sent)}; it must be a string",
            };
        }

        return null;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "of an unexpected JSON type",
    };

    private static string ClaimName(TopLevelClaim claim) => claim switch
    {
        TopLevelClaim.Issuer => "iss",
        TopLevelClaim.Subject => "sub",
        TopLevelClaim.AuthorizedParty => "azp",
        TopLevelClaim.Expires => "exp",
        TopLevelClaim.IssuedAt => "iat",
        TopLevelClaim.NotBefore => "nbf",
        TopLevelClaim.Nonce => "nonce",
        TopLevelClaim.MessageType => LtiClaimNames.MessageType,
        TopLevelClaim.Version => LtiClaimNames.Version,
        TopLevelClaim.DeploymentId => LtiClaimNames.DeploymentId,
        TopLevelClaim.TargetLinkUri => LtiClaimNames.TargetLinkUri,
        _ => claim.ToString(),
    };
}
