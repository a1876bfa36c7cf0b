namespace LtiPd.XapiBridge.Forwarding;

/// <summary>One claimed outbox row: a statement on its way to a district's LRS.</summary>
internal sealed class OutboxEntry
{
    public long Id { get; set; }

    public string StatementId { get; set; } = string.Empty;

    public string StatementJson { get; set; } = string.Empty;

    public int Attempts { get; set; }
}
