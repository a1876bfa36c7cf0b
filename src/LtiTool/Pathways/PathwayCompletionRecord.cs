namespace LtiPd.LtiTool.Pathways;

/// <summary>A stored pathway completion of one user for one cycle.</summary>
public sealed record PathwayCompletionRecord
{
    /// <summary>The pathway.</summary>
    public required string PathwayId { get; init; }

    /// <summary>Our id of the user row.</summary>
    public required string UserRef { get; init; }

    /// <summary>The cycle start (Unix ms); 0 for a pathway that does not recur.</summary>
    public required long CycleStartMs { get; init; }

    /// <summary>When the pathway was completed (Unix ms).</summary>
    public required long CompletedAtMs { get; init; }
}
