namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>A parsed GET statements query, or the next page of one.</summary>
internal sealed class StatementQuery
{
    /// <summary>The request's filter parameters as received, carried in the <c>more</c> cursor.</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    public string? AgentKey { get; set; }

    public string? VerbId { get; set; }

    public string? ActivityId { get; set; }

    public string? Registration { get; set; }

    public bool RelatedAgents { get; set; }

    public bool RelatedActivities { get; set; }

    public long? SinceMs { get; set; }

    public long? UntilMs { get; set; }

    /// <summary>Page size after applying the server maximum.</summary>
    public int Limit { get; set; }

    public bool Ascending { get; set; }

    public StatementFormat Format { get; set; } = StatementFormat.Exact;

    public bool Attachments { get; set; }

    /// <summary>The seq of the last statement on the previous page, when this is a later page.</summary>
    public long? AfterSeq { get; set; }

    /// <summary>The highest seq when the first page was read; later pages never go past it.</summary>
    public long? MaxSeq { get; set; }
}
