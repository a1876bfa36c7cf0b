namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>One row of <c>lrs_statements</c>, as the read queries return it.</summary>
internal sealed class StatementRow
{
    public long Seq { get; set; }

    public string Tenant { get; set; } = "";

    public string StatementId { get; set; } = "";

    public string CredentialKey { get; set; } = "";

    public long StoredAtMs { get; set; }

    public int Voided { get; set; }

    public string StatementJson { get; set; } = "";
}
