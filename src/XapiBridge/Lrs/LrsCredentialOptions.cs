namespace LtiPd.XapiBridge.Lrs;

/// <summary>One LRS credential in configuration (<c>Lrs:Credentials:N</c>).</summary>
public sealed class LrsCredentialOptions
{
    /// <summary>The Basic auth user name. Required, 1 to 100 characters, no colon.</summary>
    public string Key { get; set; } = "";

    /// <summary>The Basic auth password. Required, at least 16 characters. Stored hashed only.</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// xAPI scopes granted, such as <c>statements/write</c> or <c>all</c>. Required; see
    /// <see cref="Credentials.LrsScopes"/> for the full list.
    /// </summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>The district this credential reads and writes. Required, 1 to 100 characters.</summary>
    public string Tenant { get; set; } = "";
}
