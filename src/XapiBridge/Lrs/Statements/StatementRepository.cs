using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Writes statements, their index rows, attachments and activity definitions.</summary>
internal sealed class StatementRepository
{
    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly InFlightWrites _inFlight;

    public StatementRepository(Database database, TimeProvider timeProvider, InFlightWrites inFlight)
    {
        _database = database;
        _timeProvider = timeProvider;
        _inFlight = inFlight;
    }

    /// <summary>
    /// Stores a batch in one transaction: all statements commit or none does. A statement whose
    /// id is already stored with the same content is skipped; with different content the whole
    /// batch fails with 409. Returns the highest seq written, or 0 when every one was a repeat.
    /// </summary>
    /// <remarks>
    /// Callers pass <see cref="CancellationToken.None"/> once validation is over: a client that
    /// disconnects mid-write must not leave the outcome of an accepted batch uncertain.
    /// </remarks>
    public async Task<LrsResult<long>> StoreAsync(
        string tenant,
        string credentialKey,
        IReadOnlyList<PreparedStatement> statements,
        IReadOnlyCollection<AttachmentPart> attachments,
        CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(StatementSql.LockStatementOrder, null, cancellationToken, transaction));

        // The stored time is read after the lock, so stored times rise with seq.
        var now = _timeProvider.GetUtcNow();
        var storedAtMs = now.ToUnixTimeMilliseconds();
        using var inFlight = _inFlight.Begin(storedAtMs);
        var storedText = DateTimeOffset.FromUnixTimeMilliseconds(storedAtMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        long lastSeq = 0;
        foreach (var prepared in statements)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<StatementRow>(_database.Command(
                StatementSql.SelectById, new { tenant, id = prepared.Id }, cancellationToken, transaction));
            if (existing is not null)
            {
                using var storedDocument = JsonDocument.Parse(existing.StatementJson);
                using var receivedDocument = JsonDocument.Parse(LrsJson.Write(prepared.Statement));
                if (StatementComparer.SameContent(receivedDocument.RootElement, storedDocument.RootElement))
                {
                    continue;
                }

                await transaction.RollbackAsync(cancellationToken);
                return LrsErrors.StatementConflict(prepared.Id);
            }

            lastSeq = await InsertAsync(connection, transaction, tenant, credentialKey, prepared, storedText, storedAtMs, cancellationToken);
        }

        await StoreAttachmentsAsync(connection, transaction, tenant, attachments, storedAtMs, cancellationToken);
        await StoreActivitiesAsync(connection, transaction, tenant, statements, storedAtMs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lastSeq;
    }

    private async Task<long> InsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        string credentialKey,
        PreparedStatement prepared,
        string storedText,
        long storedAtMs,
        CancellationToken cancellationToken)
    {
        var node = prepared.Statement;
        node["stored"] = storedText;
        if (node["timestamp"] is null)
        {
            node["timestamp"] = storedText;
        }

        var json = LrsJson.Write(node);
        using var document = JsonDocument.Parse(json);
        var statement = document.RootElement;

        var seq = await connection.ExecuteScalarAsync<long>(_database.Command(
            StatementSql.Insert, new { tenant, id = prepared.Id, credentialKey, storedAtMs, json }, cancellationToken, transaction));

        var hashes = StatementIndexer.Index(statement)
            .Select(entry => ((int)entry.Kind, LrsJson.Sha256Hex(entry.Value)))
            .ToHashSet();

        var targetId = StatementIndexer.StatementRefTarget(statement);
        if (targetId is not null)
        {
            await ApplyStatementRefAsync(connection, transaction, tenant, targetId, StatementIndexer.IsVoiding(statement), hashes, cancellationToken);
        }

        var rows = hashes.Select(hash => new { tenant, kind = hash.Item1, valueHash = hash.Item2, seq });
        await connection.ExecuteAsync(_database.Command(StatementSql.InsertIndex, rows, cancellationToken, transaction));
        return seq;
    }

    /// <summary>
    /// A statement that targets another matches the filters its target matches (xAPI 1.0.3
    /// Communication 2.1.3, "filter conditions"), so it inherits the target's index values.
    /// A voiding statement also marks its target voided, unless the target is itself a voiding
    /// statement, which can never be voided (Data 2.3.2).
    /// </summary>
    private async Task ApplyStatementRefAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        string targetId,
        bool voiding,
        HashSet<(int, string)> hashes,
        CancellationToken cancellationToken)
    {
        var target = await connection.QuerySingleOrDefaultAsync<StatementRow>(_database.Command(
            StatementSql.SelectById, new { tenant, id = targetId }, cancellationToken, transaction));
        if (target is null)
        {
            return;
        }

        var inherited = await connection.QueryAsync<IndexRow>(_database.Command(
            StatementSql.SelectIndex, new { tenant, seq = target.Seq }, cancellationToken, transaction));
        foreach (var row in inherited)
        {
            hashes.Add((row.Kind, row.ValueHash));
        }

        if (voiding)
        {
            using var targetDocument = JsonDocument.Parse(target.StatementJson);
            if (!StatementIndexer.IsVoiding(targetDocument.RootElement))
            {
                await connection.ExecuteAsync(_database.Command(
                    StatementSql.MarkVoided, new { tenant, seq = target.Seq }, cancellationToken, transaction));
            }
        }
    }

    private async Task StoreAttachmentsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyCollection<AttachmentPart> attachments, long createdAtMs, CancellationToken cancellationToken)
    {
        foreach (var attachment in attachments)
        {
            var count = await connection.ExecuteScalarAsync<long>(_database.Command(
                StatementSql.CountAttachment, new { tenant, sha2 = attachment.Sha2 }, cancellationToken, transaction));
            if (count == 0)
            {
                await connection.ExecuteAsync(_database.Command(StatementSql.InsertAttachment,
                    new { tenant, sha2 = attachment.Sha2, contentType = attachment.ContentType, content = attachment.Content, createdAtMs },
                    cancellationToken, transaction));
            }
        }
    }

    /// <summary>
    /// Merges every activity definition the batch carries into the stored one, so the
    /// activities resource returns all known information about an activity (xAPI 1.0.3
    /// Communication 2.5).
    /// </summary>
    private async Task StoreActivitiesAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<PreparedStatement> statements, long updatedAtMs, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, (JsonObject Activity, bool Exists)>(StringComparer.Ordinal);
        foreach (var prepared in statements)
        {
            foreach (var activity in ActivityCollector.Collect(prepared.Statement))
            {
                var id = activity["id"]!.GetValue<string>();
                if (!merged.TryGetValue(id, out var current))
                {
                    var storedJson = await connection.ExecuteScalarAsync<string?>(_database.Command(
                        StatementSql.SelectActivity, new { tenant, hash = LrsJson.Sha256Hex(id) }, cancellationToken, transaction));
                    current = storedJson is null ? (activity, false) : ((JsonObject)JsonNode.Parse(storedJson)!, true);
                    if (storedJson is null)
                    {
                        merged[id] = current;
                        continue;
                    }
                }

                merged[id] = (ActivityCollector.Merge(current.Activity, activity), current.Exists);
            }
        }

        foreach (var (id, (activity, exists)) in merged)
        {
            var parameters = new { tenant, hash = LrsJson.Sha256Hex(id), json = LrsJson.Write(activity), updatedAtMs };
            var sql = exists ? StatementSql.UpdateActivity : StatementSql.InsertActivity;
            await connection.ExecuteAsync(_database.Command(sql, parameters, cancellationToken, transaction));
        }
    }

    private sealed class IndexRow
    {
        public int Kind { get; set; }

        public string ValueHash { get; set; } = "";
    }
}
