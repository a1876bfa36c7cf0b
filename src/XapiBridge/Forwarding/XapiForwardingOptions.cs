namespace LtiPd.XapiBridge.Forwarding;

/// <summary>Forwarding of statements to districts' LRSs, bound from <c>XapiBridge:Forwarding</c>.</summary>
public sealed class XapiForwardingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "XapiBridge:Forwarding";

    /// <summary>The LRS of each district, keyed by district id. Districts not listed are not forwarded.</summary>
    public Dictionary<string, DistrictLrsOptions> Districts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Statements per POST. Default: 50. A 413 response halves the batch.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long the worker sleeps when no statement is due. Default: 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay after the first failed attempt; it doubles with each further failure. Default: 5 seconds.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between attempts, and the cap on <c>Retry-After</c>. Default: 15 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a node owns the rows it claimed. Another node may claim them after this, so it
    /// must exceed the time one batch takes, splits included. Default: 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of one HTTP request to an LRS. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long delivered rows are kept before they are deleted. Default: 7 days.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(7);
}
