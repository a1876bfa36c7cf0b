using System.Net;

namespace LtiPd.XapiBridge.Client;

/// <summary>
/// The outcome of an LRS call. A failure carries the HTTP status and the LRS's message instead of
/// throwing, so callers decide per status; only cancellation through the caller's token throws.
/// </summary>
/// <typeparam name="T">The content of a successful response.</typeparam>
public sealed class LrsResponse<T>
{
    private LrsResponse(bool isSuccess, HttpStatusCode? statusCode, T? content, string? errorMessage, TimeSpan? retryAfter)
    {
        IsSuccess = isSuccess;
        StatusCode = statusCode;
        Content = content;
        ErrorMessage = errorMessage;
        RetryAfter = retryAfter;
    }

    /// <summary>Whether the LRS accepted the request (a 2xx status, or 404 for a missing document).</summary>
    public bool IsSuccess { get; }

    /// <summary>The HTTP status, or null when no response arrived (connection refused, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The response content on success.</summary>
    public T? Content { get; }

    /// <summary>The LRS's error message (or the connection error) on failure.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The delay the LRS asked for with <c>Retry-After</c>, on 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Creates a success.</summary>
    internal static LrsResponse<T> Success(HttpStatusCode statusCode, T? content) => new(true, statusCode, content, null, null);

    /// <summary>Creates a failure the LRS reported.</summary>
    internal static LrsResponse<T> Failure(HttpStatusCode statusCode, string errorMessage, TimeSpan? retryAfter = null) =>
        new(false, statusCode, default, errorMessage, retryAfter);

    /// <summary>Creates a failure where no HTTP response arrived.</summary>
    internal static LrsResponse<T> NoResponse(string errorMessage) => new(false, null, default, errorMessage, null);

    /// <inheritdoc/>
    public override string ToString() => IsSuccess
        ? $"Success ({(int?)StatusCode})"
        : $"Failure ({(StatusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response")}): {ErrorMessage}";
}
