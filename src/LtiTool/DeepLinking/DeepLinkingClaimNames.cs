namespace LtiPd.LtiTool.DeepLinking;

/// <summary>Claim names of the Deep Linking 2.0 response message.</summary>
public static class DeepLinkingClaimNames
{
    private const string DeepLinking = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    /// <summary>The content items the tool returns.</summary>
    public const string ContentItems = DeepLinking + "content_items";

    /// <summary>The request's <c>data</c> value, echoed unchanged.</summary>
    public const string Data = DeepLinking + "data";

    /// <summary>A message the platform may show the user on success.</summary>
    public const string Message = DeepLinking + "msg";

    /// <summary>A message the platform may log on success.</summary>
    public const string Log = DeepLinking + "log";

    /// <summary>A message the platform may show the user on failure.</summary>
    public const string ErrorMessage = DeepLinking + "errormsg";

    /// <summary>A message the platform may log on failure.</summary>
    public const string ErrorLog = DeepLinking + "errorlog";

    /// <summary>The content item type of an LTI resource link.</summary>
    public const string LtiResourceLinkType = "ltiResourceLink";

    /// <summary>The message type of the response.</summary>
    public const string ResponseMessageType = "LtiDeepLinkingResponse";

    /// <summary>The line item tag that marks gradebook columns LtiPd created.</summary>
    public const string LineItemTag = "ltipd";
}
