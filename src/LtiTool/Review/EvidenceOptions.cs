namespace LtiPd.LtiTool.Review;

/// <summary>Evidence submission settings, bound from the <c>Evidence</c> configuration section.</summary>
public sealed class EvidenceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Evidence";

    /// <summary>
    /// The folder uploaded evidence files are stored in, under generated names. A relative path
    /// resolves against the content root. Default: <c>evidence</c> inside <c>Storage:DataDirectory</c>.
    /// With several nodes, point every node at the same shared volume.
    /// </summary>
    public string? UploadFolder { get; set; }

    /// <summary>The largest file a learner may upload, in bytes. Default: 10 MiB (10,485,760).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The longest written evidence a learner may submit, in characters. Default: 20,000.</summary>
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>The longest feedback a reviewer may write, in characters. Default: 5,000.</summary>
    public int MaxFeedbackLength { get; set; } = 5_000;

    /// <summary>Seconds between retries of evidence statements the embedded LRS has not stored yet. Default: 30.</summary>
    public int StatementRetrySeconds { get; set; } = 30;
}
