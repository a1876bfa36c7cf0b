namespace LtiPd.XapiBridge.Lrs;

/// <summary>Settings of the embedded LRS, bound from the <c>Lrs</c> configuration section.</summary>
public sealed class LrsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Lrs";

    /// <summary>
    /// Credentials registered at start-up. Each entry is upserted into the credential table, so a
    /// changed secret or scope list takes effect on the next start. Default: none.
    /// </summary>
    public IList<LrsCredentialOptions> Credentials { get; } = [];

    /// <summary>
    /// Maximum size in bytes of one request body to the statements resource, attachments
    /// included. Larger requests get 413. Default: 20 MiB.
    /// </summary>
    public long MaxStatementRequestBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Maximum number of statements in one POST batch. Larger batches get 413. Default: 1000.</summary>
    public int MaxStatementsPerBatch { get; set; } = 1000;

    /// <summary>Maximum size in bytes of one state or profile document. Default: 1 MiB.</summary>
    public long MaxDocumentBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Maximum number of statements one GET returns. A request with a larger <c>limit</c>, or
    /// with <c>limit=0</c>, gets this many and a <c>more</c> link. Default: 500.
    /// </summary>
    public int MaxStatementsPerPage { get; set; } = 500;

    /// <summary>
    /// The X-Experience-API-Version the LRS sends in responses when a request names no valid version
    /// (such a request is rejected with 400 anyway): <c>2.0.0</c> or <c>1.0.3</c>. Default:
    /// <c>2.0.0</c>, the newest version served; set <c>1.0.3</c> where clients only know xAPI 1.0.x.
    /// </summary>
    public string DefaultResponseVersion { get; set; } = "2.0.0";

    /// <summary>
    /// The <c>account.homePage</c> of the authority the LRS writes into every stored statement;
    /// the account name is the credential key. Default: <c>https://ltipd.invalid/xapi/credentials</c>,
    /// which names no real host; set it to the public address of this tool.
    /// </summary>
    public string AuthorityHomePage { get; set; } = "https://ltipd.invalid/xapi/credentials";
}
