namespace LtiPd.LtiTool.Catalog;

/// <summary>A PD module: a manifest and its micro-activities, as loaded and validated at start-up.</summary>
public sealed record CatalogModule
{
    /// <summary>The module's id (lower-case letters, digits and hyphens); part of its URL.</summary>
    public required string Id { get; init; }

    /// <summary>The module's title.</summary>
    public required string Title { get; init; }

    /// <summary>One or two sentences on what the learner will be able to do.</summary>
    public required string Summary { get; init; }

    /// <summary>The topic the catalog groups the module under.</summary>
    public required string Topic { get; init; }

    /// <summary>Who the module is written for, such as <c>K-12 classroom teachers</c>.</summary>
    public required IReadOnlyList<string> Audience { get; init; }

    /// <summary>The standards and framework components the module supports.</summary>
    public required IReadOnlyList<StandardAlignment> Standards { get; init; }

    /// <summary>An estimate of the time the whole module takes, in minutes.</summary>
    public required int EstimatedMinutes { get; init; }

    /// <summary>The PD credit hours a district grants for completing the module.</summary>
    public required decimal CreditHours { get; init; }

    /// <summary>The points needed to complete the module, on top of every required activity.</summary>
    public required int PointsToComplete { get; init; }

    /// <summary>The activities in the order the learner meets them (their file names' order).</summary>
    public required IReadOnlyList<CatalogActivity> Activities { get; init; }

    /// <summary>The manifest the module was read from, relative to the catalog folder.</summary>
    public required string ManifestFile { get; init; }

    /// <summary>Returns the activity with <paramref name="activityId"/>, or null.</summary>
    public CatalogActivity? FindActivity(string activityId) =>
        Activities.FirstOrDefault(activity => string.Equals(activity.Id, activityId, StringComparison.Ordinal));
}
