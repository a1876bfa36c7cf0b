using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// The per-client-IP rate limit of the registration endpoints: a fixed window of
/// <see cref="RegistrationOptions.RateLimitPermits"/> requests per
/// <see cref="RegistrationOptions.RateLimitWindowSeconds"/>. Requests over it get 429 and Retry-After.
/// </summary>
public static partial class RegistrationRateLimit
{
    /// <summary>The rate limiter policy name the registration endpoints require.</summary>
    public const string PolicyName = "registration";

    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private static long _rejectedSinceLog;
    private static long _lastLogTimestamp;

    /// <summary>Adds the policy and the rejection response to the ASP.NET Core rate limiter.</summary>
    public static IServiceCollection AddRegistrationRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, Partition);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RegistrationOptions>>().CurrentValue;

        // NOTE: behind a reverse proxy that does not pass the client address on (forwarded
        // headers), every client shares the proxy's address and so one limit.
        var clientAddress = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(clientAddress, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.RateLimitPermits,
            Window = TimeSpan.FromSeconds(options.RateLimitWindowSeconds),
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RegistrationOptions>>().CurrentValue;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? (int)Math.Ceiling(wait.TotalSeconds)
            : options.RateLimitWindowSeconds;
        retryAfter = Math.Max(retryAfter, 1);

        LogRejection(context, options);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain; charset=utf-8";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Too many registration requests from your address: at most {options.RateLimitPermits} per {options.RateLimitWindowSeconds} seconds. " +
            $"Try again in {retryAfter} seconds. An administrator can raise the limit with the settings Registration:RateLimitPermits and Registration:RateLimitWindowSeconds.");
        await context.Response.WriteAsync(message, cancellationToken);
    }

    /// <summary>
    /// Logs a rejection at most once per <see cref="LogInterval"/>, with the count since the last
    /// line, so a flood of requests does not become a flood of log lines.
    /// </summary>
    private static void LogRejection(HttpContext context, RegistrationOptions options)
    {
        var rejected = Interlocked.Increment(ref _rejectedSinceLog);
        var now = TimeProvider.System.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogTimestamp);
        if (last != 0 && TimeProvider.System.GetElapsedTime(last, now) < LogInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastLogTimestamp, now, last) != last)
        {
            return;
        }

        Interlocked.Add(ref _rejectedSinceLog, -rejected);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistrationRateLimit));
        var clientAddress = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        Log.RegistrationRateLimited(logger, context.Request.Path, clientAddress, rejected, options.RateLimitPermits, options.RateLimitWindowSeconds);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1111, EventName = "RegistrationRateLimited", Level = LogLevel.Warning,
            Message = "Rejected a request to {Path} from {ClientAddress} with 429, {RejectedCount} rejected in all since the last such line: over {Permits} registration requests per {WindowSeconds} s")]
        public static partial void RegistrationRateLimited(ILogger logger, string path, string clientAddress, long rejectedCount, int permits, int windowSeconds);
    }
}
