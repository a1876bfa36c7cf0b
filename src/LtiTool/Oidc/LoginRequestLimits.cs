namespace LtiPd.LtiTool.Oidc;

/// <summary>
/// Length and character limits on the login parameters the tool stores or looks up. They match
/// the database columns, so an oversized value is a clear 400 rather than a database error.
/// </summary>
internal static class LoginRequestLimits
{
    public const int MaxIssuerLength = 300;
    public const int MaxClientIdLength = 255;
    public const int MaxDeploymentIdLength = 255;
    public const int MaxTargetLinkUriLength = 512;
    public const int MaxStorageTargetLength = 255;

    /// <summary>Returns what is wrong with the parameters, naming the parameter, or null when they fit.</summary>
    public static string? Check(LoginRequest parameters) =>
        CheckValue("iss", parameters.Issuer, MaxIssuerLength)
        ?? CheckValue("client_id", parameters.ClientId, MaxClientIdLength)
        ?? CheckValue("lti_deployment_id", parameters.DeploymentId, MaxDeploymentIdLength)
        ?? CheckValue("target_link_uri", parameters.TargetLinkUri, MaxTargetLinkUriLength)
        ?? CheckValue("lti_storage_target", parameters.StorageTarget, MaxStorageTargetLength);

    private static string? CheckValue(string name, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return $"{name} has {value.Length} characters, more than {maxLength}";
        }

        return value.Any(char.IsControl) ? $"{name} contains control characters" : null;
    }
}
