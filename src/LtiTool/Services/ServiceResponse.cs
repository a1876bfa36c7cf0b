using System.Net;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// What a platform returned to one service call. A failure is a value here, not an exception,
/// so callers decide per status whether to retry, re-resolve or give up.
/// </summary>
public sealed record ServiceResponse
{
    /// <summary>The HTTP status, or null when no response arrived (timeout, connection refused, DNS).</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The response body as text, empty when there was none.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The values of the response's <c>Link</c> headers.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The wait the platform asked for with <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The <c>Location</c> header, if any.</summary>
    public string? Location { get; init; }

    /// <summary>Why the call failed, in words for the log and the outbox row; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the platform returned a 2xx status.</summary>
    public bool IsSuccess => StatusCode is { } status && (int)status is >= 200 and < 300;

    /// <summary>Whether the access token request failed before the service was called.</summary>
    public bool TokenFailed { get; init; }
}
