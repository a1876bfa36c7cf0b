using System.Net;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Services.Ags;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Sends queued scores to the LMS gradebooks: claims due rows under a lease, finds or creates
/// each module's line item, stamps the score with a timestamp later than the last one sent for
/// the learner and line item, and records the outcome per row:
/// <list type="bullet">
/// <item>2xx: delivered.</item>
/// <item>400, 403 with a problem in the score, 412, 422: rejected for good, with the platform's message (Canvas answers 400 to an old timestamp and 422 to a user who is not a student).</item>
/// <item>404: the line item is gone; it is forgotten and found or created again on the retry.</item>
/// <item>429, 503: retried after <c>Retry-After</c>, or the backoff when absent.</item>
/// <item>Anything else, a failed token request, and no response: retried with exponential backoff and jitter.</item>
/// </list>
/// </summary>
public sealed partial class GradeDeliverer
{
    private const int MaxErrorLength = 1000;

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly ModuleCatalog _catalog;
    private readonly LineItemResolver _lineItems;
    private readonly AgsClient _ags;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GradeDeliverer> _logger;

    /// <summary>Creates the deliverer; <see cref="LeaseOwner"/> names this node in the rows it claims.</summary>
    public GradeDeliverer(
        Database database,
        PlatformRegistry registry,
        ModuleCatalog catalog,
        LineItemResolver lineItems,
        AgsClient ags,
        IOptionsMonitor<LtiServicesOptions> options,
        TimeProvider timeProvider,
        ILogger<GradeDeliverer> logger)
    {
        _database = database;
        _registry = registry;
        _catalog = catalog;
        _lineItems = lineItems;
        _ags = ags;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        LeaseOwner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    }

    /// <summary>This node's name in <c>lease_owner</c>, unique per process.</summary>
    public string LeaseOwner { get; }

    /// <summary>
    /// Delivers due scores batch after batch until none is due. A learner's next score becomes
    /// due only once the previous one is delivered or rejected, so each batch holds at most one
    /// score per learner and a failed learner waits for the retry.
    /// </summary>
    public async Task<GradeDeliveryResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var total = new Tally();
        while (true)
        {
            var batch = await ClaimAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var before = total.Delivered + total.Rejected;
            foreach (var entry in batch)
            {
                await DeliverAsync(entry, total, cancellationToken);
            }

            if (total.Delivered + total.Rejected == before)
            {
                // Nothing went out in this batch: every platform is failing or asked to wait.
                break;
            }
        }

        return new GradeDeliveryResult(total.Delivered, total.Rescheduled, total.Rejected);
    }

    private async Task<IReadOnlyList<GradeOutboxEntry>> ClaimAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GradeOutboxEntry>(_database.Command(GradeOutboxSql.Claim, new
        {
            Owner = LeaseOwner,
            NowMs = now.ToUnixTimeMilliseconds(),
            LeaseUntilMs = (now + TimeSpan.FromSeconds(options.LeaseSeconds)).ToUnixTimeMilliseconds(),
            options.BatchSize,
        }, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);

        // RETURNING and OUTPUT give no order guarantee; scores go out in the order they were queued.
        return rows.OrderBy(row => row.Id).ToList();
    }

    private async Task DeliverAsync(GradeOutboxEntry entry, Tally tally, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(entry.RegistrationId, cancellationToken);
        var module = _catalog.Find(entry.ModuleId);
        string? subject;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            subject = await connection.ExecuteScalarAsync<string?>(_database.Command(
                GradeOutboxSql.SelectSubject, new { entry.RegistrationId, entry.UserRef }, cancellationToken));
        }

        if (registration is null || module is null || subject is null)
        {
            var missing = "learner";
            if (registration is null)
            {
                missing = "registration";
            }
            else if (module is null)
            {
                missing = $"catalog module '{entry.ModuleId}'";
            }
            await RejectAsync(entry, null, $"The {missing} no longer exists, so the score has nowhere to go.", tally);
            return;
        }

        var (target, error, failure, permanent) = await _lineItems.ResolveAsync(registration, entry.ContextRef, module, cancellationToken);
        if (target is null)
        {
            if (permanent)
            {
                await RejectAsync(entry, null, error!, tally);
            }
            else
            {
                await RetryAsync(entry, failure, error ?? "finding the line item failed", tally, cancellationToken);
            }

            return;
        }

        var score = new AgsScore
        {
            UserId = subject,
            ScoreGiven = entry.ScoreGiven,
            ScoreMaximum = entry.ScoreMaximum,
            ActivityProgress = entry.ActivityProgress,
            GradingProgress = entry.GradingProgress,
            Comment = entry.Comment,
            Timestamp = await NextTimestampAsync(registration.Id, target.Id, subject, cancellationToken),
            CanvasNewSubmission = entry.NewSubmission != 0,
        };
        var response = await _ags.PostScoreAsync(registration, target.LineItemUrl, score, PlatformKinds.FromIssuer(registration.Issuer), cancellationToken);
        await RecordOutcomeAsync(entry, registration, target, response, tally, cancellationToken);
    }

    private async Task RecordOutcomeAsync(
        GradeOutboxEntry entry, PlatformRegistration registration, LineItemTarget target, ServiceResponse response, Tally tally, CancellationToken cancellationToken)
    {
        if (response.IsSuccess)
        {
            await ExecuteAsync(GradeOutboxSql.MarkDelivered, new { entry.Id, Owner = LeaseOwner, NowMs = NowMs(), Status = (int)response.StatusCode!.Value }, CancellationToken.None);
            Log.ScoreDelivered(_logger, entry.Id, registration.Id, entry.ModuleId, entry.GradingProgress);
            tally.Delivered++;
            return;
        }

        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound when !response.TokenFailed:
                await _lineItems.ForgetAsync(registration.Id, target.Id, cancellationToken);
                await RetryAsync(entry, response, $"line item {LtiServiceClient.UrlForLog(target.LineItemUrl)} is gone ({response.Error}); it will be found or created again", tally, cancellationToken);
                return;

            case HttpStatusCode.BadRequest or HttpStatusCode.PreconditionFailed or HttpStatusCode.UnprocessableEntity when !response.TokenFailed:
                await RejectAsync(entry, response.StatusCode, response.Error ?? "rejected", tally);
                return;

            default:
                await RetryAsync(entry, response, response.Error ?? "failed", tally, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// Returns a timestamp later than the last one sent for this learner and line item, and stores
    /// it before the score is sent. A retry after a lost response then sends a newer timestamp
    /// rather than the same one, which Canvas would reject as not newer.
    /// </summary>
    private async Task<DateTimeOffset> NextTimestampAsync(string registrationId, string lineItemRef, string subject, CancellationToken cancellationToken)
    {
        var key = new { RegistrationId = registrationId, LineItemRef = lineItemRef, Subject = subject };
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var last = await connection.ExecuteScalarAsync<long?>(_database.Command(GradeOutboxSql.SelectLastTimestamp, key, cancellationToken, transaction));
        var timestamp = Math.Max(NowMs(), (last ?? 0) + 1);
        var parameters = new { key.RegistrationId, key.LineItemRef, key.Subject, TimestampMs = timestamp };
        await connection.ExecuteAsync(_database.Command(last is null ? GradeOutboxSql.InsertTimestamp : GradeOutboxSql.UpdateTimestamp, parameters, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        return DateTimeOffset.FromUnixTimeMilliseconds(timestamp);
    }

    private async Task RetryAsync(GradeOutboxEntry entry, ServiceResponse? response, string error, Tally tally, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var maximum = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        var wait = Backoff(entry.Attempts, TimeSpan.FromSeconds(options.InitialRetryDelaySeconds), maximum, Random.Shared.NextDouble());
        if (response?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.RetryAfter is { } retryAfter)
        {
            wait = TimeSpan.FromTicks(Math.Clamp(retryAfter.Ticks, 0, maximum.Ticks));
        }
        await ExecuteAsync(GradeOutboxSql.ScheduleRetry, new
        {
            entry.Id,
            Owner = LeaseOwner,
            NextAttemptMs = (_timeProvider.GetUtcNow() + wait).ToUnixTimeMilliseconds(),
            Status = (int?)response?.StatusCode,
            Error = Shorten(error),
        }, cancellationToken);
        Log.ScoreRetryScheduled(_logger, entry.Id, entry.RegistrationId, (int?)response?.StatusCode, wait, error);
        tally.Rescheduled++;
    }

    private async Task RejectAsync(GradeOutboxEntry entry, HttpStatusCode? status, string error, Tally tally)
    {
        await ExecuteAsync(GradeOutboxSql.MarkRejected, new { entry.Id, Owner = LeaseOwner, NowMs = NowMs(), Status = (int?)status, Error = Shorten(error) }, CancellationToken.None);
        Log.ScoreRejected(_logger, entry.Id, entry.RegistrationId, (int?)status, error);
        tally.Rejected++;
    }

    /// <summary>
    /// Returns the delay after <paramref name="attempts"/> earlier failures: <c>initial * 2^attempts</c>,
    /// capped at <paramref name="maximum"/>, scaled by a random factor in [0.5, 1) so that
    /// learners who failed together do not retry together.
    /// </summary>
    internal static TimeSpan Backoff(int attempts, TimeSpan initial, TimeSpan maximum, double random)
    {
        var ticks = Math.Min(initial.Ticks * Math.Pow(2, Math.Min(attempts, 30)), maximum.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (random / 2))));
    }

    private async Task ExecuteAsync(SqlText sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(_database.Command(sql, parameters, cancellationToken));
        if (updated == 0)
        {
            Log.LeaseLost(_logger, LeaseOwner);
        }
    }

    private long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Shorten(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];

    private sealed class Tally
    {
        public int Delivered { get; set; }

        public int Rescheduled { get; set; }

        public int Rejected { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1755, EventName = "ScoreDelivered", Level = LogLevel.Debug,
            Message = "Score {OutboxId} for module {ModuleId} delivered to registration {RegistrationId} ({GradingProgress})")]
        public static partial void ScoreDelivered(ILogger logger, long outboxId, string registrationId, string moduleId, string gradingProgress);

        [LoggerMessage(EventId = 1756, EventName = "ScoreRetryScheduled", Level = LogLevel.Warning,
            Message = "Score {OutboxId} for registration {RegistrationId} failed (status {Status}); retrying in {Delay}: {Error}")]
        public static partial void ScoreRetryScheduled(ILogger logger, long outboxId, string registrationId, int? status, TimeSpan delay, string error);

        [LoggerMessage(EventId = 1757, EventName = "ScoreRejected", Level = LogLevel.Error,
            Message = "Score {OutboxId} for registration {RegistrationId} was rejected (status {Status}) and stays in the outbox as rejected: {Error}")]
        public static partial void ScoreRejected(ILogger logger, long outboxId, string registrationId, int? status, string error);

        [LoggerMessage(EventId = 1758, EventName = "ScoreLeaseLost", Level = LogLevel.Warning,
            Message = "A score outbox row was no longer leased to {LeaseOwner} when its outcome was recorded; another node took it over after the lease expired")]
        public static partial void LeaseLost(ILogger logger, string leaseOwner);
    }
}
