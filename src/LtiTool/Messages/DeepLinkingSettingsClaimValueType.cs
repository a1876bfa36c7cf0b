namespace LtiPd.LtiTool.Messages;

/// <summary>The Deep Linking 2.0 settings claim of an <c>LtiDeepLinkingRequest</c>.</summary>
/// <param name="DeepLinkReturnUrl">Where the tool posts its <c>LtiDeepLinkingResponse</c>.</param>
/// <param name="AcceptTypes">Content item types the platform accepts (<c>ltiResourceLink</c>, <c>link</c>...).</param>
/// <param name="AcceptPresentationDocumentTargets">Presentation targets the platform accepts.</param>
/// <param name="AcceptMultiple">Whether several items may be returned.</param>
/// <param name="AcceptLineItem">Whether the platform creates a line item from an item's <c>lineItem</c>.</param>
/// <param name="AutoCreate">Whether the platform creates the items without a further step.</param>
/// <param name="Title">A default title for the items.</param>
/// <param name="Text">A default text for the items.</param>
/// <param name="Data">An opaque value the response must echo exactly.</param>
public sealed record DeepLinkingSettingsClaimValueType(
    string DeepLinkReturnUrl,
    IReadOnlyList<string> AcceptTypes,
    IReadOnlyList<string> AcceptPresentationDocumentTargets,
    bool? AcceptMultiple,
    bool? AcceptLineItem,
    bool? AutoCreate,
    string? Title,
    string? Text,
    string? Data);
