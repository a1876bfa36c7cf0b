namespace LtiPd.LtiTool.Services.Ags;

/// <summary>The media types of AGS 2.0 and NRPS 2.0 messages.</summary>
public static class AgsMediaTypes
{
    /// <summary>A list of line items.</summary>
    public const string LineItemContainer = "application/vnd.ims.lis.v2.lineitemcontainer+json";

    /// <summary>One line item.</summary>
    public const string LineItem = "application/vnd.ims.lis.v2.lineitem+json";

    /// <summary>A score (its version is v1 in AGS 2.0, unlike the others).</summary>
    public const string Score = "application/vnd.ims.lis.v1.score+json";

    /// <summary>A list of results.</summary>
    public const string ResultContainer = "application/vnd.ims.lis.v2.resultcontainer+json";

    /// <summary>A context's memberships (NRPS 2.0).</summary>
    public const string MembershipContainer = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
}
