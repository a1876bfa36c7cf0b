using System.Data.Common;
using System.Net;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// Delivers due outbox rows to each district's LRS: claims a batch under a lease, POSTs it, and
/// records the outcome per row. The HTTP status decides what happens next:
/// <list type="bullet">
/// <item>2xx: delivered.</item>
/// <item>413, and 400 or 409 for a batch: the batch is halved and each half sent, down to single statements.</item>
/// <item>409 for one statement: delivered if the LRS already stores an identical statement under that id, rejected if a different one.</item>
/// <item>400 or 413 for one statement: rejected for good; the row stays with the LRS's message.</item>
/// <item>429 and 503: retried after <c>Retry-After</c> (or the backoff when absent).</item>
/// <item>Anything else, and no response: retried with exponential backoff and jitter.</item>
/// </list>
/// </summary>
public sealed partial class OutboxDeliverer
{
    /// <summary>The name of the <see cref="HttpClient"/> used for district LRSs.</summary>
    public const string HttpClientName = "LtiPd.XapiBridge.Forwarding";

    private const int MaxErrorLength = 1000;

    private readonly Database _database;
    private readonly IOptionsMonitor<XapiForwardingOptions> _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxDeliverer> _logger;

    /// <summary>Creates a deliverer; <see cref="LeaseOwner"/> names this node in the rows it claims.</summary>
    public OutboxDeliverer(
        Database database,
        IOptionsMonitor<XapiForwardingOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<OutboxDeliverer> logger)
    {
        _database = database;
        _options = options;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        LeaseOwner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    }

    /// <summary>This node's name in <c>lease_owner</c>, unique per process.</summary>
    public string LeaseOwner { get; }

    /// <summary>
    /// Delivers every due row of every enabled district, batch after batch, until none is due or
    /// a district's LRS fails or requests a wait.
    /// </summary>
    public async Task<DeliveryCycleResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var total = new Tally();
        foreach (var (districtId, district) in options.Districts)
        {
            if (!district.Enabled || district.Endpoint is null)
            {
                continue;
            }

            var lrs = new RemoteLrs(_httpClientFactory.CreateClient(HttpClientName), new RemoteLrsOptions
            {
                Endpoint = district.Endpoint,
                Username = district.Username,
                Password = district.Password,
                Version = district.Version,
            });

            while (true)
            {
                var batch = await ClaimAsync(districtId, options, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                var tally = new Tally();
                await DeliverAsync(lrs, districtId, batch, options, tally, cancellationToken);
                total.Add(tally);
                Log.BatchFinished(_logger, districtId, batch.Count, tally.Delivered, tally.Rescheduled, tally.Rejected);
                if (tally.Rescheduled > 0 || batch.Count < options.BatchSize)
                {
                    // The LRS is failing or asked to wait, or nothing more is due: next district.
                    break;
                }
            }
        }

        return new DeliveryCycleResult(total.Delivered, total.Rescheduled, total.Rejected);
    }

    /// <summary>Deletes rows delivered longer ago than the retention, for every configured district.</summary>
    public async Task<int> PurgeDeliveredAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var cutoff = (_timeProvider.GetUtcNow() - options.DeliveredRetention).ToUnixTimeMilliseconds();
        var deleted = 0;
        await using var connection = await _database.OpenAsync(cancellationToken);
        foreach (var districtId in options.Districts.Keys)
        {
            deleted += await connection.ExecuteAsync(_database.Command(OutboxSql.DeleteDelivered, new { DistrictId = districtId, CutoffMs = cutoff }, cancellationToken));
        }

        return deleted;
    }

    private async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(string districtId, XapiForwardingOptions options, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxEntry>(_database.Command(
            OutboxSql.Claim,
            new
            {
                DistrictId = districtId,
                Owner = LeaseOwner,
                NowMs = now.ToUnixTimeMilliseconds(),
                LeaseUntilMs = (now + options.LeaseDuration).ToUnixTimeMilliseconds(),
                options.BatchSize,
            },
            cancellationToken,
            transaction));
        await transaction.CommitAsync(cancellationToken);

        // RETURNING and OUTPUT give no order guarantee; statements go out in the order they were queued.
        return rows.OrderBy(row => row.Id).ToList();
    }

    private async Task DeliverAsync(
        RemoteLrs lrs,
        string districtId,
        IReadOnlyList<OutboxEntry> batch,
        XapiForwardingOptions options,
        Tally tally,
        CancellationToken cancellationToken)
    {
        var body = "[" + string.Join(",", batch.Select(entry => entry.StatementJson)) + "]";
        var response = await lrs.SaveStatementsJsonAsync(body, cancellationToken);
        if (response.IsSuccess)
        {
            await MarkDeliveredAsync(districtId, batch, response.StatusCode, tally);
            return;
        }

        var status = response.StatusCode;
        var message = response.ErrorMessage ?? "no message";
        switch (status)
        {
            case HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest or HttpStatusCode.Conflict when batch.Count > 1:
                // One statement can spoil a batch (400, 409) or the batch is too big (413): halve it
                // and send each half, which isolates the offending statement in log2(n) steps.
                // NOTE: the lease is not renewed while halves are sent. With every statement bad,
                // a batch of n takes up to 2n-1 requests and may outlast the lease; another node
                // may then send the same rows again, which their fixed ids make harmless.
                Log.BatchSplit(_logger, districtId, batch.Count, (int)status.Value);
                var half = batch.Count / 2;
                await DeliverAsync(lrs, districtId, batch.Take(half).ToList(), options, tally, cancellationToken);
                await DeliverAsync(lrs, districtId, batch.Skip(half).ToList(), options, tally, cancellationToken);
                return;

            case HttpStatusCode.Conflict:
                await ResolveConflictAsync(lrs, districtId, batch[0], options, tally, cancellationToken);
                return;

            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                await MarkRejectedAsync(districtId, batch[0], status.Value, message, tally, cancellationToken);
                return;

            case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                var wait = DeliveryBackoff.FromRetryAfter(response.RetryAfter, options.MaxRetryDelay) ?? Backoff(batch, options);
                await ScheduleRetryAsync(districtId, batch, status, message, wait, tally, cancellationToken);
                return;

            default:
                await ScheduleRetryAsync(districtId, batch, status, message, Backoff(batch, options), tally, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// Handles 409 for one statement: the LRS already has a statement with this id. It is the
    /// same statement when an earlier attempt reached the LRS but its response was lost; then the
    /// row is delivered. A different statement under the same id is a real conflict.
    /// </summary>
    private async Task ResolveConflictAsync(RemoteLrs lrs, string districtId, OutboxEntry entry, XapiForwardingOptions options, Tally tally, CancellationToken cancellationToken)
    {
        var existing = await lrs.RetrieveStatementAsync(Guid.Parse(entry.StatementId), cancellationToken);
        if (!existing.IsSuccess || existing.Content is null)
        {
            var message = $"LRS returned 409 for statement {entry.StatementId} but fetching it for comparison failed: {existing.ErrorMessage}";
            await ScheduleRetryAsync(districtId, [entry], existing.StatusCode, message, Backoff([entry], options), tally, cancellationToken);
            return;
        }

        if (StatementEquivalence.AreEquivalent(entry.StatementJson, existing.Content))
        {
            Log.ConflictIdentical(_logger, districtId, entry.StatementId);
            await MarkDeliveredAsync(districtId, [entry], HttpStatusCode.Conflict, tally);
            return;
        }

        await MarkRejectedAsync(
            districtId,
            entry,
            HttpStatusCode.Conflict,
            $"The LRS holds a different statement with id {entry.StatementId}; the queued statement was not stored.",
            tally,
            cancellationToken);
    }

    private static TimeSpan Backoff(IReadOnlyList<OutboxEntry> batch, XapiForwardingOptions options) =>
        DeliveryBackoff.Next(batch.Max(entry => entry.Attempts), options.InitialRetryDelay, options.MaxRetryDelay, Random.Shared.NextDouble());

    private async Task MarkDeliveredAsync(string districtId, IReadOnlyList<OutboxEntry> entries, HttpStatusCode? status, Tally tally)
    {
        // The LRS has the statements now. Record that without the caller's token, even while the
        // host shuts down, or the rows would be sent again once the lease expires.
        var updated = await ExecuteAsync(
            OutboxSql.MarkDelivered,
            new { DistrictId = districtId, Owner = LeaseOwner, Ids = entries.Select(entry => entry.Id).ToArray(), NowMs = NowMs(), Status = (int?)status },
            CancellationToken.None);
        WarnIfLeaseLost(districtId, entries.Count, updated);
        tally.Delivered += entries.Count;
    }

    private async Task ScheduleRetryAsync(
        string districtId,
        IReadOnlyList<OutboxEntry> entries,
        HttpStatusCode? status,
        string message,
        TimeSpan wait,
        Tally tally,
        CancellationToken cancellationToken)
    {
        var nextAttempt = _timeProvider.GetUtcNow() + wait;
        var updated = await ExecuteAsync(
            OutboxSql.ScheduleRetry,
            new
            {
                DistrictId = districtId,
                Owner = LeaseOwner,
                Ids = entries.Select(entry => entry.Id).ToArray(),
                NextAttemptMs = nextAttempt.ToUnixTimeMilliseconds(),
                Status = (int?)status,
                Error = Shorten(message),
            },
            cancellationToken);
        WarnIfLeaseLost(districtId, entries.Count, updated);
        Log.RetryScheduled(_logger, districtId, entries.Count, (int?)status, wait, message);
        tally.Rescheduled += entries.Count;
    }

    private async Task MarkRejectedAsync(string districtId, OutboxEntry entry, HttpStatusCode status, string message, Tally tally, CancellationToken cancellationToken)
    {
        var updated = await ExecuteAsync(
            OutboxSql.MarkRejected,
            new { DistrictId = districtId, Owner = LeaseOwner, Ids = new[] { entry.Id }, NowMs = NowMs(), Status = (int)status, Error = Shorten(message) },
            cancellationToken);
        WarnIfLeaseLost(districtId, 1, updated);
        Log.StatementRejected(_logger, districtId, entry.StatementId, (int)status, message);
        tally.Rejected++;
    }

    private async Task<int> ExecuteAsync(SqlText sql, object parameters, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(sql, parameters, cancellationToken));
    }

    private void WarnIfLeaseLost(string districtId, int expected, int updated)
    {
        if (updated < expected)
        {
            Log.LeaseLost(_logger, districtId, expected - updated, LeaseOwner);
        }
    }

    private long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Shorten(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];

    private sealed class Tally
    {
        public int Delivered { get; set; }

        public int Rescheduled { get; set; }

        public int Rejected { get; set; }

        public void Add(Tally other)
        {
            Delivered += other.Delivered;
            Rescheduled += other.Rescheduled;
            Rejected += other.Rejected;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2601, EventName = "OutboxBatchFinished", Level = LogLevel.Debug,
            Message = "Outbox batch of {Count} statements for district {DistrictId}: {Delivered} delivered, {Rescheduled} rescheduled, {Rejected} rejected")]
        public static partial void BatchFinished(ILogger logger, string districtId, int count, int delivered, int rescheduled, int rejected);

        [LoggerMessage(EventId = 2602, EventName = "OutboxBatchSplit", Level = LogLevel.Information,
            Message = "LRS of district {DistrictId} returned {Status} to a batch of {Count} statements; sending it in two halves")]
        public static partial void BatchSplit(ILogger logger, string districtId, int count, int status);

        [LoggerMessage(EventId = 2603, EventName = "OutboxRetryScheduled", Level = LogLevel.Warning,
            Message = "Delivery of {Count} statements to the LRS of district {DistrictId} failed (status {Status}); retrying in {Delay}: {Error}")]
        public static partial void RetryScheduled(ILogger logger, string districtId, int count, int? status, TimeSpan delay, string error);

        [LoggerMessage(EventId = 2604, EventName = "OutboxStatementRejected", Level = LogLevel.Error,
            Message = "LRS of district {DistrictId} rejected statement {StatementId} with status {Status}; it stays in the outbox as rejected: {Error}")]
        public static partial void StatementRejected(ILogger logger, string districtId, string statementId, int status, string error);

        [LoggerMessage(EventId = 2605, EventName = "OutboxConflictIdentical", Level = LogLevel.Information,
            Message = "LRS of district {DistrictId} already holds statement {StatementId} unchanged; counted as delivered")]
        public static partial void ConflictIdentical(ILogger logger, string districtId, string statementId);

        [LoggerMessage(EventId = 2606, EventName = "OutboxLeaseLost", Level = LogLevel.Warning,
            Message = "{Count} outbox rows of district {DistrictId} were no longer leased to {LeaseOwner} when their outcome was recorded; another node took them over after the lease expired")]
        public static partial void LeaseLost(ILogger logger, string districtId, int count, string leaseOwner);
    }
}
