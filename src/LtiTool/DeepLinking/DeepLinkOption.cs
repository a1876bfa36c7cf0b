namespace LtiPd.LtiTool.DeepLinking;

/// <summary>
/// One thing a PD leader can place in a course through Deep Linking: a catalog module now, and a
/// pathway once a source offers pathways. It becomes one <c>ltiResourceLink</c> content item.
/// </summary>
public sealed record DeepLinkOption
{
    /// <summary>The value the picker form posts, unique across all sources, such as <c>module:rubric-design</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The heading the option is listed under, such as <c>Modules</c>.</summary>
    public required string Group { get; init; }

    /// <summary>The title of the content item and of its gradebook column.</summary>
    public required string Title { get; init; }

    /// <summary>The description of the content item, shown in the LMS.</summary>
    public required string Text { get; init; }

    /// <summary>The tool path the resource link launches, such as <c>/app/modules/rubric-design</c>.</summary>
    public required string LaunchPath { get; init; }

    /// <summary>The line item's <c>resourceId</c>: the tool's own id of the placed thing.</summary>
    public required string ResourceId { get; init; }

    /// <summary>The line item's <c>scoreMaximum</c> in points. Zero means the item gets no gradebook column.</summary>
    public required int ScoreMaximum { get; init; }

    /// <summary>Custom parameters the LMS sends back with every launch of the placed link.</summary>
    public required IReadOnlyDictionary<string, string> Custom { get; init; }
}
