using System.Globalization;
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

    /// <summary>
    /// Returns up to <c>query.Limit + 1</c> statements matching the filters, in stored order; the
    /// extra row shows that another page exists. Voided statements never match. Without
    /// <paramref name="maxSeq"/> (a first page), the page ends at the tenant's latest statement,
    /// which the result returns for the cursor of the next page.
    /// </summary>
    public async Task<(List<StatementRow> Rows, long MaxSeq)> QueryAsync(
        string tenant, string? onlyCredentialKey, StatementQuery query, long? maxSeq, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var lastSeq = maxSeq ?? await _database.ExecuteScalarAsync<long>(connection, StatementSql.SelectMaxSeq, new { tenant }, cancellationToken);

        // The SQL text differs per combination of filters, so the values go in a dictionary
        // rather than a parameter type of their own.
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["tenant"] = tenant,
            ["maxSeq"] = lastSeq,
            ["take"] = query.Limit + 1,
        };

        // The filters go from the usually most selective (one learner) to the least (a verb
        // shared by many statements), and the first one given drives the query.
        (string Name, IndexKind Kind, string? Value)[] filters =
        [
            ("agent", query.RelatedAgents ? IndexKind.RelatedAgent : IndexKind.Agent, query.AgentKey),
            ("registration", IndexKind.Registration, query.Registration),
            ("activity", query.RelatedActivities ? IndexKind.RelatedActivity : IndexKind.Activity, query.ActivityId),
            ("verb", IndexKind.Verb, query.VerbId),
        ];
        var given = filters.Where(filter => filter.Value is not null).ToList();

        // With a filter, the statements are read through that filter's key rows. Their primary
        // key (value_id, kind, seq) is already in stored order, so the database walks it from one
        // end and stops after @take matches, however many statements share the value.
        var from = "lrs_statements s";
        var order = "s.seq";
        var where = new StringBuilder();
        if (given.Count > 0)
        {
            var driving = given[0];
            from = "lrs_statement_keys d JOIN lrs_statements s ON s.seq = d.seq";
            order = "d.seq";
            where.Append(CultureInfo.InvariantCulture,
                $"d.value_id = (SELECT v_d.value_id FROM lrs_index_values v_d WHERE v_d.tenant = @tenant AND v_d.value_hash = @{driving.Name}Hash) AND d.kind = @{driving.Name}Kind AND ");
            AddFilterParameters(parameters, driving.Name, driving.Kind, driving.Value!);
        }

        where.Append(CultureInfo.InvariantCulture, $"s.tenant = @tenant AND s.voided = 0 AND {order} <= @maxSeq");
        if (onlyCredentialKey is not null)
        {
            where.Append(" AND s.credential_key = @credentialKey");
            parameters["credentialKey"] = onlyCredentialKey;
        }

        if (query.AfterSeq is { } after)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {order} {(query.Ascending ? ">" : "<")} @after");
            parameters["after"] = after;
        }

        if (query.SinceMs is { } since)
        {
            where.Append(" AND s.stored_at_ms > @since");
            parameters["since"] = since;
        }

        if (query.UntilMs is { } until)
        {
            where.Append(" AND s.stored_at_ms <= @until");
            parameters["until"] = until;
        }

        foreach (var (name, kind, value) in given.Skip(1))
        {
            // Only fixed fragments enter the text; the value travels as a parameter.
            where.Append(StatementSql.KeyFilter(name, driving: false));
            AddFilterParameters(parameters, name, kind, value!);
        }

        var direction = query.Ascending ? "ASC" : "DESC";
        var columns = StatementSql.RowColumns.Replace("seq AS", "s.seq AS", StringComparison.Ordinal);
        var limited = $"SELECT {columns} FROM {from} WHERE {where} ORDER BY {order} {direction} LIMIT @take";
        var sql = SqlText.PerProvider(
            limited,
            limited,
            $"SELECT TOP (@take) {columns} FROM {from} WHERE {where} ORDER BY {order} {direction}");

        var rows = await _database.QueryAsync<StatementRow>(connection, sql, parameters, cancellationToken);
        return (rows, lastSeq);
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

    private static void AddFilterParameters(Dictionary<string, object?> parameters, string name, IndexKind kind, string value)
    {
        parameters[name + "Kind"] = (int)kind;
        parameters[name + "Hash"] = LrsJson.Sha256Hex(value);
    }

    private sealed class AttachmentRow
    {
        public string Sha2 { get; set; } = "";

        public string ContentType { get; set; } = "";

        public byte[] Content { get; set; } = [];
    }
}
