namespace LtiPd.LtiTool.Pathways;

/// <summary>One person's state on one item, as the people list and the CSV read it from the status table.</summary>
internal sealed record ComplianceEntry
{
    /// <summary>'' for the whole pathway, else the module id.</summary>
    public required string Item { get; init; }

    public required string RegistrationId { get; init; }

    public required string Subject { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? SchoolId { get; init; }

    /// <summary>The person's course ids joined by line feeds.</summary>
    public required string ContextRefs { get; init; }

    public required ProgressState State { get; init; }

    /// <summary>The due day (yyyy-MM-dd), or null.</summary>
    public string? DueOn { get; init; }

    /// <summary>When the module was completed in this cycle (Unix ms), or null.</summary>
    public long? DoneAtMs { get; init; }

    /// <summary>Whether the person has a change that the stored row does not include yet.</summary>
    public bool Pending { get; init; }
}
