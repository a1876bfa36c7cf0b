using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pathways;

/// <summary>A person's standing on one module of a pathway.</summary>
public sealed record PathwayModuleStatus
{
    /// <summary>The module as the pathway lists it.</summary>
    public required PathwayModule Entry { get; init; }

    /// <summary>The catalog module.</summary>
    public required CatalogModule Module { get; init; }

    /// <summary>The state in the current cycle.</summary>
    public required ProgressState State { get; init; }

    /// <summary>The due day in the current cycle, for a required module with a due date.</summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>When the module was completed in the current cycle.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When this cycle's completion expires: the start of the next cycle, or null when the pathway does not recur.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the module was completed in an earlier cycle, a completion that has expired.</summary>
    public DateTimeOffset? ExpiredCompletionAt { get; init; }

    /// <summary>Whether the person chose this elective.</summary>
    public bool Chosen { get; init; }
}
