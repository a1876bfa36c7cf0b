namespace LtiPd.LtiTool.DevPlatform;

/// <summary>A gradebook column of the dev platform (an AGS 2.0 line item).</summary>
public sealed record DevLineItem
{
    /// <summary>The line item's id, the last segment of its URL.</summary>
    public required string Id { get; init; }

    /// <summary>The course it belongs to.</summary>
    public required string ContextId { get; init; }

    /// <summary>The column title.</summary>
    public required string Label { get; init; }

    /// <summary>The maximum score of the column, greater than zero.</summary>
    public required double ScoreMaximum { get; init; }

    /// <summary>The resource link the column is bound to, if any.</summary>
    public string? ResourceLinkId { get; init; }

    /// <summary>The tool's own id for the column, if it set one.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The tool's tag for the column, if it set one.</summary>
    public string? Tag { get; init; }

    /// <summary>When the activity opens, as ISO 8601 text, if set.</summary>
    public string? StartDateTime { get; init; }

    /// <summary>When the activity is due, as ISO 8601 text, if set.</summary>
    public string? EndDateTime { get; init; }
}
