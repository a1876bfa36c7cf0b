using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The rows one batch writes inside a group's transaction.</summary>
internal sealed partial class StatementRepository
{
    private async Task LockStatementOrderAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(_database.Command(StatementSql.LockStatementOrder, null, cancellationToken, transaction));

    private async Task<LrsResult<long>> StoreBatchAsync(
        DbConnection connection, DbTransaction transaction, WriteJob job, long storedAtMs, ValueIdScope valueIds, CancellationToken cancellationToken)
    {
        var tenant = job.Tenant;
        var storedText = DateTimeOffset.FromUnixTimeMilliseconds(storedAtMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        var existing = await FindStoredAsync(connection, transaction, tenant, job.Statements, cancellationToken);
        var inserts = new List<StatementInsert>(job.Statements.Count);
        foreach (var prepared in job.Statements)
        {
            if (existing.TryGetValue(prepared.Id, out var storedJson))
            {
                using var storedDocument = JsonDocument.Parse(storedJson);
                using var receivedDocument = JsonDocument.Parse(LrsJson.Write(prepared.Statement));
                if (StatementComparer.SameContent(receivedDocument.RootElement, storedDocument.RootElement))
                {
                    continue;
                }

                return LrsErrors.StatementConflict(prepared.Id);
            }

            inserts.Add(StatementInsert.Create(prepared, storedText));
        }

        // Statements without a StatementRef object go in multi-row inserts. One with a
        // StatementRef needs its target's index rows, and the target may be an earlier statement
        // of this batch, so the rows before it are written first and it is written on its own.
        long lastSeq = 0;
        var pending = new List<StatementInsert>(inserts.Count);
        foreach (var insert in inserts)
        {
            if (insert.RefTarget is null)
            {
                pending.Add(insert);
                continue;
            }

            lastSeq = Math.Max(lastSeq, await InsertStatementsAsync(connection, transaction, tenant, job.CredentialKey, storedAtMs, pending, valueIds, cancellationToken));
            pending.Clear();
            lastSeq = Math.Max(lastSeq, await InsertReferringAsync(connection, transaction, tenant, job.CredentialKey, storedAtMs, insert, valueIds, cancellationToken));
        }

        lastSeq = Math.Max(lastSeq, await InsertStatementsAsync(connection, transaction, tenant, job.CredentialKey, storedAtMs, pending, valueIds, cancellationToken));
        await StoreAttachmentsAsync(connection, transaction, tenant, job.Attachments, storedAtMs, cancellationToken);
        await StoreActivitiesAsync(connection, transaction, tenant, job.Statements, storedAtMs, cancellationToken);
        return lastSeq;
    }

    /// <summary>Returns the stored JSON of each statement of the batch whose id is already stored.</summary>
    private async Task<Dictionary<string, string>> FindStoredAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<PreparedStatement> statements, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in statements.Select(statement => statement.Id).Chunk(StatementRowsSql.MaxListParameters))
        {
            var ids = StatementSql.ListParameter(_database.Provider, chunk);
            var rows = await _database.QueryAsync<StoredStatementJson>(
                connection, StatementSql.SelectJsonByIds, new { tenant, ids }, cancellationToken, transaction);
            foreach (var row in rows)
            {
                found[row.StatementId] = row.StatementJson;
            }
        }

        return found;
    }

    /// <summary>Inserts statements and their key rows with few commands; returns the highest seq, or 0 for none.</summary>
    private async Task<long> InsertStatementsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        string credentialKey,
        long storedAtMs,
        List<StatementInsert> inserts,
        ValueIdScope valueIds,
        CancellationToken cancellationToken)
    {
        if (inserts.Count == 0)
        {
            return 0;
        }

        var seqs = await StatementRowsSql.InsertStatementsAsync(
            _database, connection, transaction, tenant, credentialKey, storedAtMs, inserts, cancellationToken);
        var hashes = inserts.SelectMany(insert => insert.IndexHashes.Select(entry => entry.ValueHash));
        await _valueIds.ResolveAsync(_database, connection, transaction, tenant, hashes, valueIds.Group, valueIds.Batch, cancellationToken);
        var keyRows = new List<(int Kind, long ValueId, long Seq)>(inserts.Count * 8);
        foreach (var insert in inserts)
        {
            var seq = seqs[insert.Id];
            foreach (var (kind, valueHash) in insert.IndexHashes)
            {
                keyRows.Add((kind, valueIds.Batch[(tenant, valueHash)], seq));
            }
        }

        await StatementRowsSql.InsertKeyRowsAsync(_database, connection, transaction, keyRows, cancellationToken);
        return seqs.Values.Max();
    }

    private async Task<long> InsertReferringAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        string credentialKey,
        long storedAtMs,
        StatementInsert insert,
        ValueIdScope valueIds,
        CancellationToken cancellationToken)
    {
        var seq = await connection.ExecuteScalarAsync<long>(_database.Command(
            StatementSql.Insert, new { tenant, id = insert.Id, credentialKey, storedAtMs, json = insert.Json }, cancellationToken, transaction));

        var hashes = insert.IndexHashes;
        await ApplyStatementRefAsync(connection, transaction, tenant, insert.RefTarget!, insert.IsVoiding, hashes, cancellationToken);
        await _valueIds.ResolveAsync(_database, connection, transaction, tenant, hashes.Select(hash => hash.ValueHash), valueIds.Group, valueIds.Batch, cancellationToken);
        var rows = hashes.Select(hash => (hash.Kind, valueIds.Batch[(tenant, hash.ValueHash)], seq)).ToList();
        await StatementRowsSql.InsertKeyRowsAsync(_database, connection, transaction, rows, cancellationToken);
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
        HashSet<(int Kind, string ValueHash)> hashes,
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
    /// Communication 2.5). One query reads the stored activities of the batch, and only
    /// activities whose merged JSON differs from the stored text are written.
    /// </summary>
    private async Task StoreActivitiesAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<PreparedStatement> statements, long updatedAtMs, CancellationToken cancellationToken)
    {
        var received = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var prepared in statements)
        {
            foreach (var activity in ActivityCollector.Collect(prepared.Statement))
            {
                var id = activity["id"]!.GetValue<string>();
                if (!received.TryGetValue(id, out var list))
                {
                    received[id] = list = [];
                }

                list.Add(activity);
            }
        }

        var hashes = received.Keys.ToDictionary(id => id, LrsJson.Sha256Hex, StringComparer.Ordinal);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Values.Chunk(StatementRowsSql.MaxListParameters))
        {
            var list = StatementSql.ListParameter(_database.Provider, chunk);
            var rows = await _database.QueryAsync<StoredActivity>(
                connection, StatementSql.SelectActivities, new { tenant, hashes = list }, cancellationToken, transaction);
            foreach (var row in rows)
            {
                stored[row.ActivityHash] = row.ActivityJson;
            }
        }

        foreach (var (id, activities) in received)
        {
            var hash = hashes[id];
            var storedJson = stored.GetValueOrDefault(hash);
            var merged = storedJson is null ? activities[0] : (JsonObject)JsonNode.Parse(storedJson)!;
            foreach (var activity in storedJson is null ? activities.Skip(1) : activities)
            {
                merged = ActivityCollector.Merge(merged, activity);
            }

            var json = LrsJson.Write(merged);
            if (string.Equals(json, storedJson, StringComparison.Ordinal))
            {
                continue;
            }

            var parameters = new { tenant, hash, json, updatedAtMs };
            var sql = storedJson is null ? StatementSql.InsertActivity : StatementSql.UpdateActivity;
            await _database.ExecuteAsync(connection, sql, parameters, cancellationToken, transaction);
        }
    }

    private sealed record StoredStatementJson(string StatementId, string StatementJson);

    private sealed record StoredActivity(string ActivityHash, string ActivityJson);

    private sealed class IndexRow
    {
        public int Kind { get; set; }

        public string ValueHash { get; set; } = "";
    }

    /// <summary>
    /// The value ids one batch uses: <see cref="Group"/> contains those found by earlier batches of
    /// the same transaction, <see cref="Batch"/> those of this batch, which join the group only
    /// if the batch's savepoint is kept.
    /// </summary>
    private sealed class ValueIdScope(Dictionary<(string Tenant, string ValueHash), long> group)
    {
        public Dictionary<(string Tenant, string ValueHash), long> Group { get; } = group;

        public Dictionary<(string Tenant, string ValueHash), long> Batch { get; } = [];
    }
}
