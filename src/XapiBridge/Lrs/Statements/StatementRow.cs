using System.Text;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>One row of <c>lrs_statements</c>, as the read queries return it.</summary>
/// <remarks>
/// The stored JSON arrives as text from Dapper, or as UTF-8 bytes from the SQLite statement
/// cache, and each form is converted from the other only when a caller reads it.
/// </remarks>
internal sealed class StatementRow
{
    private string? _statementJson;
    private byte[]? _statementJsonUtf8;

    public StatementRow()
    {
    }

    /// <summary>Creates a row read through the SQLite statement cache, whose columns match these parameter names.</summary>
    public StatementRow(long seq, string tenant, string statementId, string credentialKey, long storedAtMs, int voided, byte[] statementJson)
    {
        Seq = seq;
        Tenant = tenant;
        StatementId = statementId;
        CredentialKey = credentialKey;
        StoredAtMs = storedAtMs;
        Voided = voided;
        _statementJsonUtf8 = statementJson;
    }

    public long Seq { get; set; }

    public string Tenant { get; set; } = "";

    public string StatementId { get; set; } = "";

    public string CredentialKey { get; set; } = "";

    public long StoredAtMs { get; set; }

    public int Voided { get; set; }

    public string StatementJson
    {
        get => _statementJson ??= Encoding.UTF8.GetString(_statementJsonUtf8 ?? []);
        set
        {
            _statementJson = value;
            _statementJsonUtf8 = null;
        }
    }

    /// <summary>The stored JSON as UTF-8 bytes, which a response copies without decoding.</summary>
    public byte[] StatementJsonUtf8 => _statementJsonUtf8 ??= Encoding.UTF8.GetBytes(_statementJson ?? "");
}
