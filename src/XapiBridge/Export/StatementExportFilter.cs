namespace LtiPd.XapiBridge.Export;

/// <summary>
/// The statements an export covers: the filters of GET statements (xAPI 1.0.3 Communication
/// 2.1.3) without paging. Voided statements are never exported, as the statements API never
/// returns them from a filtered query.
/// </summary>
public sealed record StatementExportFilter
{
    /// <summary>Only statements stored after this instant, in Unix milliseconds.</summary>
    public long? SinceMs { get; init; }

    /// <summary>Only statements stored at or before this instant, in Unix milliseconds.</summary>
    public long? UntilMs { get; init; }

    /// <summary>Only statements with this verb IRI.</summary>
    public string? VerbId { get; init; }

    /// <summary>Only statements whose object is this activity (or that mention it anywhere, with <see cref="RelatedActivities"/>).</summary>
    public string? ActivityId { get; init; }

    /// <summary>The agent's identifier key (<c>account:homePage|name</c>, <c>mbox:mailto:…</c>).</summary>
    public string? AgentKey { get; init; }

    /// <summary>Only statements with this registration, in lower case.</summary>
    public string? Registration { get; init; }

    /// <summary>Whether the agent filter matches the agent anywhere in the statement, not only as actor or object.</summary>
    public bool RelatedAgents { get; init; }

    /// <summary>Whether the activity filter matches the activity anywhere in the statement.</summary>
    public bool RelatedActivities { get; init; }

    /// <summary>When set, only statements this credential stored (the <c>statements/read/mine</c> scope).</summary>
    public string? OnlyCredentialKey { get; init; }
}
