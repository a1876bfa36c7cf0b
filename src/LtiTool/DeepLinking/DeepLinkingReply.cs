namespace LtiPd.LtiTool.DeepLinking;

/// <summary>What the tool tells the platform in one Deep Linking response.</summary>
public sealed record DeepLinkingReply
{
    /// <summary>The chosen options, returned as content items; empty when the leader cancelled or an error ended the request.</summary>
    public IReadOnlyList<DeepLinkOption> Items { get; init; } = [];

    /// <summary>The <c>msg</c> claim: shown to the user on success.</summary>
    public string? Message { get; init; }

    /// <summary>The <c>log</c> claim: logged by the platform on success.</summary>
    public string? Log { get; init; }

    /// <summary>The <c>errormsg</c> claim: shown to the user on failure.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The <c>errorlog</c> claim: logged by the platform on failure.</summary>
    public string? ErrorLog { get; init; }
}
