namespace LtiPd.LtiTool.Pathways;

/// <summary>A district's sequence of modules, assigned to people, with required modules and electives.</summary>
public sealed record Pathway
{
    /// <summary>The pathway id.</summary>
    public required string Id { get; init; }

    /// <summary>The district that owns the pathway.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The title teachers see.</summary>
    public required string Title { get; init; }

    /// <summary>What the pathway is for, in plain text.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Whether the pathway recurs every school year.</summary>
    public PathwayRecurrence Recurrence { get; init; }

    /// <summary>The first day of the first cycle of an annual pathway; null for one that does not recur.</summary>
    public DateOnly? StartsOn { get; init; }

    /// <summary>How many electives a teacher must complete, besides every required module.</summary>
    public int ElectivesRequired { get; init; }

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<PathwayModule> Modules { get; init; } = [];

    /// <summary>Who the pathway is assigned to; a person matching any rule is assigned.</summary>
    public IReadOnlyList<PathwayAssignment> Assignments { get; init; } = [];

    /// <summary>Whether the pathway was archived: it stays in compliance history but is no longer assigned.</summary>
    public bool Archived { get; init; }
}
