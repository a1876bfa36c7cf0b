using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Copies evidence statements from <c>evidence_statements</c> to the embedded LRS and marks each
/// one stored. The rows are written in the transaction of the step they describe. A statement
/// that fails to reach the LRS stays pending and is sent again, and because its id is
/// deterministic the LRS stores it once.
/// </summary>
internal sealed partial class EvidenceStatementRelay
{
    private const int BatchSize = 100;
    private const int ConflictStatus = 409;

    private static readonly SqlText SelectPending = SqlText.PerProvider(
        sqlite: $"SELECT statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL ORDER BY created_at_ms LIMIT {BatchSize}",
        postgreSql: $"SELECT statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL ORDER BY created_at_ms LIMIT {BatchSize}",
        sqlServer: $"SELECT TOP ({BatchSize}) statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL ORDER BY created_at_ms");

    // Dapper expands a list parameter into (@Ids1, @Ids2, ...) for SQLite and SQL Server, but
    // passes it to Npgsql as one array, which PostgreSQL compares with ANY.
    private static readonly SqlText SelectByIds = SqlText.PerProvider(
        sqlite: "SELECT statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL AND statement_id IN @Ids",
        postgreSql: "SELECT statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL AND statement_id = ANY(@Ids)",
        sqlServer: "SELECT statement_id AS StatementId, district_id AS DistrictId, statement_json AS Json FROM evidence_statements WHERE stored_at_ms IS NULL AND statement_id IN @Ids");

    private static readonly SqlText MarkStored = SqlText.Portable(
        "UPDATE evidence_statements SET stored_at_ms = @Now WHERE statement_id = @StatementId AND stored_at_ms IS NULL");

    private readonly Database _database;
    private readonly EmbeddedLrsClient _lrs;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EvidenceStatementRelay> _logger;

    public EvidenceStatementRelay(Database database, EmbeddedLrsClient lrs, TimeProvider timeProvider, ILogger<EvidenceStatementRelay> logger)
    {
        _database = database;
        _lrs = lrs;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Sends the named statements if they are still pending. Failures are logged and left for the retry.</summary>
    public async Task DeliverAsync(IReadOnlyList<Guid> statementIds, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<PendingRow> rows;
            await using (var connection = await _database.OpenAsync(cancellationToken))
            {
                rows = (await connection.QueryAsync<PendingRow>(_database.Command(
                    SelectByIds, new { Ids = statementIds.Select(id => id.ToString()).ToArray() }, cancellationToken))).ToList();
            }

            await SendAsync(rows, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The rows stay pending; the relay's retry sends them.
            Log.DeliveryFailed(_logger, statementIds.Count, exception);
        }
    }

    /// <summary>Sends up to one batch of pending statements, oldest first; returns how many were stored.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingRow> rows;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<PendingRow>(_database.Command(SelectPending, null, cancellationToken))).ToList();
        }

        return await SendAsync(rows, cancellationToken);
    }

    private async Task<int> SendAsync(IReadOnlyList<PendingRow> rows, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var row in rows)
        {
            var result = await _lrs.StoreStatementsAsync(row.DistrictId, JsonNode.Parse(row.Json)!, cancellationToken);
            if (!result.Succeeded)
            {
                if (result.Error.Status != ConflictStatus)
                {
                    Log.StatementRejected(_logger, row.StatementId, row.DistrictId, result.Error.Code, result.Error.Detail);
                    continue;
                }

                // 409: the LRS already contains this id with other content, and stored statements
                // never change, so sending again cannot help.
                Log.StatementConflict(_logger, row.StatementId, row.DistrictId);
            }

            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(_database.Command(MarkStored, new { row.StatementId, Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken));
            stored++;
        }

        return stored;
    }

    private sealed class PendingRow
    {
        public string StatementId { get; set; } = string.Empty;

        public string DistrictId { get; set; } = string.Empty;

        public string Json { get; set; } = string.Empty;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1704, EventName = "EvidenceStatementRejected", Level = LogLevel.Warning,
            Message = "The embedded LRS rejected evidence statement {StatementId} of district {DistrictId}: {ErrorCode} {ErrorDetail}; it stays pending")]
        public static partial void StatementRejected(ILogger logger, string statementId, string districtId, string errorCode, string errorDetail);

        [LoggerMessage(EventId = 1705, EventName = "EvidenceStatementConflict", Level = LogLevel.Warning,
            Message = "Evidence statement {StatementId} of district {DistrictId} is already stored with other content; the stored one is kept")]
        public static partial void StatementConflict(ILogger logger, string statementId, string districtId);

        [LoggerMessage(EventId = 1706, EventName = "EvidenceStatementDeliveryFailed", Level = LogLevel.Error,
            Message = "Sending {Count} evidence statements to the embedded LRS failed; they stay pending for the retry")]
        public static partial void DeliveryFailed(ILogger logger, int count, Exception exception);
    }
}
