namespace LtiPd.LtiTool.Services.Ags;

/// <summary>The OAuth 2.0 scopes of Assignment and Grade Services 2.0.</summary>
public static class AgsScopes
{
    /// <summary>Read and write line items.</summary>
    public const string LineItem = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";

    /// <summary>Read line items.</summary>
    public const string LineItemReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";

    /// <summary>Read results.</summary>
    public const string ResultReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";

    /// <summary>Post scores.</summary>
    public const string Score = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
}
