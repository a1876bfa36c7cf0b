namespace LtiPd.LtiTool.Oidc;

/// <summary>The parameters of a third-party initiated login, from the query string or a form post.</summary>
public sealed record LoginRequest
{
    /// <summary>The platform's issuer (<c>iss</c>).</summary>
    public string? Issuer { get; init; }

    /// <summary>The opaque user hint (<c>login_hint</c>) to pass back.</summary>
    public string? LoginHint { get; init; }

    /// <summary>The URL the platform will launch (<c>target_link_uri</c>).</summary>
    public string? TargetLinkUri { get; init; }

    /// <summary>The opaque message hint (<c>lti_message_hint</c>), passed back unchanged when present.</summary>
    public string? LtiMessageHint { get; init; }

    /// <summary>The deployment (<c>lti_deployment_id</c>), when sent.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The client id (<c>client_id</c>), when sent.</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// The frame the platform offers for LTI Platform Storage (<c>lti_storage_target</c>), such as
    /// <c>_parent</c> or Canvas's <c>post_message_forwarding</c>, when sent.
    /// </summary>
    public string? StorageTarget { get; init; }

    /// <summary>Reads the parameters from a GET query or a POST form.</summary>
    public static async Task<LoginRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Func<string, string?> read;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            read = name => NullIfEmpty(form[name].ToString());
        }
        else
        {
            read = name => NullIfEmpty(request.Query[name].ToString());
        }

        return new LoginRequest
        {
            Issuer = read("iss"),
            LoginHint = read("login_hint"),
            TargetLinkUri = read("target_link_uri"),
            LtiMessageHint = read("lti_message_hint"),
            DeploymentId = read("lti_deployment_id"),
            ClientId = read("client_id"),
            StorageTarget = read("lti_storage_target"),
        };
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
