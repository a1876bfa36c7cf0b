namespace LtiPd.LtiTool.DevPlatform;

/// <summary>The OAuth 2.0 scopes of the LTI Advantage services the dev platform offers.</summary>
public static class DevScopes
{
    /// <summary>AGS 2.0: create, read, update and delete line items.</summary>
    public const string LineItem = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";

    /// <summary>AGS 2.0: read line items.</summary>
    public const string LineItemReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";

    /// <summary>AGS 2.0: read results.</summary>
    public const string ResultReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";

    /// <summary>AGS 2.0: post scores.</summary>
    public const string Score = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

    /// <summary>NRPS 2.0: read the course's memberships.</summary>
    public const string ContextMembershipReadOnly = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    /// <summary>Every scope the token endpoint grants.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        LineItem, LineItemReadOnly, ResultReadOnly, Score, ContextMembershipReadOnly,
    };
}
