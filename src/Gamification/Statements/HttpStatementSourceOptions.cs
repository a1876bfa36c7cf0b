namespace LtiPd.Gamification.Statements;

/// <summary>Settings for polling an LRS over the xAPI statements resource.</summary>
public sealed class HttpStatementSourceOptions
{
    /// <summary>The name that keys this source's stored watermark. Default: <c>http-lrs</c>.</summary>
    public string Name { get; set; } = "http-lrs";

    /// <summary>
    /// The LRS endpoint, ending in a slash, for example <c>https://lrs.district.org/xapi/</c>.
    /// The source requests <c>statements</c> relative to it.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The Basic-auth key, or null for no Authorization header.</summary>
    public string? Username { get; set; }

    /// <summary>The Basic-auth secret. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The <c>limit</c> asked of the LRS per page. Default: 100 statements.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How far before the watermark each read starts again, so statements sharing the watermark's
    /// millisecond are not missed; re-read statements are dropped by id. Default: 1000 ms.
    /// </summary>
    public int OverlapMilliseconds { get; set; } = 1000;
}
