using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Reads statements by id, by filter with paging, and after a seq watermark.</summary>
internal sealed class StatementReader
{
    private readonly Database _database;

    public StatementReader(Database database)
    {
        _database = database;
    }

    public async Task<StatementRow?> FindAsync(string tenant, string statementId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatementRow>(_database.Command(
            StatementSql.SelectById, new { tenant, id = statementId.ToLowerInvariant() }, cancellationToken));
    }

    public async Task<long> MaxSeqAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(StatementSql.SelectMaxSeq, new { tenant }, cancellationToken));
    }

    /// <summary>
    /// Returns up to <c>query.Limit + 1</c> statements matching the filters, in stored order; the
    /// extra row shows that another page exists. Voided statements never match.
    /// </summary>
    public async Task<IReadOnlyList<StatementRow>> QueryAsync(
        string tenant, string? onlyCredentialKey, StatementQuery query, long maxSeq, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        parameters.Add("maxSeq", maxSeq);
        parameters.Add("take", query.Limit + 1);

        var where = new StringBuilder("s.tenant = @tenant AND s.voided = 0 AND s.seq <= @maxSeq");
        if (onlyCredentialKey is not null)
        {
            where.Append(" AND s.credential_key = @credentialKey");
            parameters.Add("credentialKey", onlyCredentialKey);
        }

        if (query.AfterSeq is { } after)
        {
            where.Append(query.Ascending ? " AND s.seq > @after" : " AND s.seq < @after");
            parameters.Add("after", after);
        }

        if (query.SinceMs is { } since)
        {
            where.Append(" AND s.stored_at_ms > @since");
            parameters.Add("since", since);
        }

        if (query.UntilMs is { } until)
        {
            where.Append(" AND s.stored_at_ms <= @until");
            parameters.Add("until", until);
        }

        // The first filter given drives the query, so the filters go from the usually most
        // selective (one learner) to the least (a verb shared by many statements).
        var drivingFilterAdded = false;
        AddIndexFilter(where, parameters, "agent", query.RelatedAgents ? IndexKind.RelatedAgent : IndexKind.Agent, query.AgentKey, ref drivingFilterAdded);
        AddIndexFilter(where, parameters, "registration", IndexKind.Registration, query.Registration, ref drivingFilterAdded);
        AddIndexFilter(where, parameters, "activity", query.RelatedActivities ? IndexKind.RelatedActivity : IndexKind.Activity, query.ActivityId, ref drivingFilterAdded);
        AddIndexFilter(where, parameters, "verb", IndexKind.Verb, query.VerbId, ref drivingFilterAdded);

        var order = query.Ascending ? "ASC" : "DESC";
        var columns = StatementSql.RowColumns.Replace("seq AS", "s.seq AS", StringComparison.Ordinal);
        var limited = $"SELECT {columns} FROM lrs_statements s WHERE {where} ORDER BY s.seq {order} LIMIT @take";
        var sql = SqlText.PerProvider(
            limited,
            limited,
            $"SELECT TOP (@take) {columns} FROM lrs_statements s WHERE {where} ORDER BY s.seq {order}");

        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatementRow>(_database.Command(sql, parameters, cancellationToken));
        return rows.AsList();
    }

    /// <summary>Returns up to <paramref name="take"/> statements with seq above <paramref name="afterSeq"/>, ascending, voided ones included.</summary>
    public async Task<IReadOnlyList<StatementRow>> ReadAfterAsync(string? tenant, long afterSeq, int take, CancellationToken cancellationToken)
    {
        var sql = tenant is null ? StatementSql.SelectAfter : StatementSql.SelectAfterForTenant;
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatementRow>(_database.Command(sql, new { tenant, after = afterSeq, take }, cancellationToken));
        return rows.AsList();
    }

    public async Task<AttachmentPart?> FindAttachmentAsync(string tenant, string sha2, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AttachmentRow>(_database.Command(
            StatementSql.SelectAttachment, new { tenant, sha2 }, cancellationToken));
        return row is null ? null : new AttachmentPart(row.Sha2, row.ContentType, row.Content);
    }

    public async Task<string?> FindActivityAsync(string tenant, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(_database.Command(
            StatementSql.SelectActivity, new { tenant, hash = LrsJson.Sha256Hex(activityId) }, cancellationToken));
    }

    /// <summary>Adds one index filter; see <see cref="StatementSql.KeyFilter"/> for the query shape.</summary>
    private static void AddIndexFilter(StringBuilder where, DynamicParameters parameters, string name, IndexKind kind, string? value, ref bool drivingFilterAdded)
    {
        if (value is null)
        {
            return;
        }

        // Only fixed fragments enter the text; the value travels as a parameter.
        where.Append(StatementSql.KeyFilter(name, !drivingFilterAdded));
        drivingFilterAdded = true;
        parameters.Add(name + "Kind", (int)kind);
        parameters.Add(name + "Hash", LrsJson.Sha256Hex(value));
    }

    private sealed class AttachmentRow
    {
        public string Sha2 { get; set; } = "";

        public string ContentType { get; set; } = "";

        public byte[] Content { get; set; } = [];
    }
}
