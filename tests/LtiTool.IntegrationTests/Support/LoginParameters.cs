namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>The parameters a platform sends to <c>/lti/login</c> (LTI 1.3 third-party initiated login).</summary>
public sealed record LoginParameters
{
    /// <summary>The issuer (<c>iss</c>).</summary>
    public string? Issuer { get; init; }

    /// <summary>The <c>login_hint</c>.</summary>
    public string? LoginHint { get; init; }

    /// <summary>The <c>target_link_uri</c>.</summary>
    public string? TargetLinkUri { get; init; }

    /// <summary>The <c>client_id</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary>The <c>lti_deployment_id</c>.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The <c>lti_message_hint</c>.</summary>
    public string? LtiMessageHint { get; init; }

    /// <summary>The <c>lti_storage_target</c> of LTI Platform Storage.</summary>
    public string? StorageTarget { get; init; }

    /// <summary>Returns the parameters that are set, by their protocol names.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var pairs = new Dictionary<string, string?>
        {
            ["iss"] = Issuer,
            ["login_hint"] = LoginHint,
            ["target_link_uri"] = TargetLinkUri,
            ["client_id"] = ClientId,
            ["lti_deployment_id"] = DeploymentId,
            ["lti_message_hint"] = LtiMessageHint,
            ["lti_storage_target"] = StorageTarget,
        };
        return pairs.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!);
    }
}
