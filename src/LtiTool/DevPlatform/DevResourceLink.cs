namespace LtiPd.LtiTool.DevPlatform;

/// <summary>A placement of the tool in the dev platform's sample course.</summary>
/// <param name="Id">The resource link id, or for deep linking the placement id.</param>
/// <param name="Title">The title shown in the course.</param>
/// <param name="Description">The description sent with the resource link.</param>
/// <param name="IsDeepLinking">Whether a launch sends an <c>LtiDeepLinkingRequest</c> instead of a resource link launch.</param>
/// <param name="ToolPath">The path on the tool that <c>target_link_uri</c> names.</param>
/// <param name="LineItemId">The id of the gradebook column the link reports to, if any.</param>
/// <param name="ScoreMaximum">The maximum score of that column.</param>
/// <param name="Custom">Custom parameters the placement sends, as an LMS admin would configure them.</param>
public sealed record DevResourceLink(
    string Id,
    string Title,
    string Description,
    bool IsDeepLinking,
    string ToolPath,
    string? LineItemId,
    double ScoreMaximum,
    IReadOnlyDictionary<string, string> Custom);
