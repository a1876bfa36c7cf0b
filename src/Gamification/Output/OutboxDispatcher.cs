using Dapper;
using LtiPd.Storage;
using Microsoft.Extensions.Logging;

namespace LtiPd.Gamification.Output;

/// <summary>
/// Sends award statements from the outbox to an <see cref="IAwardStatementSink"/> and marks them
/// sent. The outbox row is written in the same transaction as the award, so no award is lost while
/// the LRS is down. After a crash a statement may be sent twice, with the same id both times.
/// </summary>
public sealed partial class OutboxDispatcher
{
    private static readonly SqlText PendingTenantsSql = SqlText.Portable(
        "SELECT DISTINCT tenant_id FROM gamification_outbox WHERE sent_at_ms IS NULL ORDER BY tenant_id");

    private static readonly SqlText PendingSql = SqlText.Portable(
        "SELECT statement_id AS StatementId, kind AS Kind, user_id AS UserId, payload AS Payload FROM gamification_outbox " +
        "WHERE tenant_id = @TenantId AND sent_at_ms IS NULL ORDER BY created_at_ms, statement_id");

    private static readonly SqlText MarkSentSql = SqlText.Portable(
        "UPDATE gamification_outbox SET sent_at_ms = @SentAtMs WHERE tenant_id = @TenantId AND statement_id = @StatementId");

    private readonly Database _database;
    private readonly IAwardStatementSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxDispatcher> _logger;

    /// <summary>Creates a dispatcher that sends to <paramref name="sink"/>.</summary>
    public OutboxDispatcher(Database database, IAwardStatementSink sink, TimeProvider timeProvider, ILogger<OutboxDispatcher> logger)
    {
        _database = database;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Sends up to <paramref name="maxCount"/> pending statements, oldest first per tenant, and
    /// returns how many were sent. A tenant stops at its first failure so its order is kept.
    /// </summary>
    public async Task<int> DispatchAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        IReadOnlyList<string> tenants;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            tenants = (await connection.QueryAsync<string>(_database.Command(PendingTenantsSql, null, cancellationToken))).ToList();
        }

        var sent = 0;
        foreach (var tenantId in tenants)
        {
            sent += await DispatchTenantAsync(tenantId, maxCount - sent, cancellationToken);
            if (sent >= maxCount)
            {
                break;
            }
        }

        return sent;
    }

    private async Task<int> DispatchTenantAsync(string tenantId, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var pending = (await connection.QueryAsync<PendingRow>(_database.Command(PendingSql, new { TenantId = tenantId }, cancellationToken)))
            .Take(maxCount)
            .ToList();

        var sent = 0;
        foreach (var row in pending)
        {
            try
            {
                await _sink.SendAsync(tenantId, new OutputStatement(Guid.Parse(row.StatementId), row.Kind, row.UserId, row.Payload), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SendFailed(_logger, tenantId, row.StatementId, exception);
                break;
            }

            await connection.ExecuteAsync(_database.Command(
                MarkSentSql,
                new { TenantId = tenantId, row.StatementId, SentAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                CancellationToken.None));
            sent++;
        }

        return sent;
    }

    private sealed record PendingRow(string StatementId, string Kind, string UserId, string Payload);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, EventName = "AwardStatementSendFailed", Level = LogLevel.Warning,
            Message = "Sending award statement {StatementId} of tenant {TenantId} failed; it stays in the outbox and is retried")]
        public static partial void SendFailed(ILogger logger, string tenantId, string statementId, Exception exception);
    }
}
