namespace LtiPd.LtiTool.Services.Ags;

/// <summary>A gradebook column as AGS 2.0 describes it.</summary>
public sealed record LineItem
{
    /// <summary>The line item's URL; null before the platform created it.</summary>
    public string? Id { get; init; }

    /// <summary>The column's title.</summary>
    public required string Label { get; init; }

    /// <summary>The maximum score of the column.</summary>
    public required double ScoreMaximum { get; init; }

    /// <summary>The resource link the column belongs to, if any.</summary>
    public string? ResourceLinkId { get; init; }

    /// <summary>The tool's own id for what is graded: the catalog module id for LtiPd's columns.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The tool's tag; LtiPd's columns carry <see cref="AgsClient.LtiPdTag"/>.</summary>
    public string? Tag { get; init; }
}
