using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Export;

/// <summary>
/// Reads a district's statements for an export with one forward-only data reader, in stored
/// order. Rows are handed out one at a time as the driver reads them, so memory does not grow
/// with the number of statements.
/// </summary>
internal sealed class StatementExportReader
{
    private readonly Database _database;

    public StatementExportReader(Database database)
    {
        _database = database;
    }

    /// <summary>Yields the stored JSON of each unvoided statement of <paramref name="tenant"/> that matches <paramref name="filter"/>.</summary>
    public async IAsyncEnumerable<string> ReadAsync(
        string tenant, StatementExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(filter);
        var (sql, parameters) = BuildQuery(tenant, filter);

        await using var connection = await _database.OpenAsync(cancellationToken);

        // NOTE: the command timeout applies to each read from the server (Npgsql, SqlClient),
        // not to the whole export, so a long export does not time out while rows keep coming.
        var command = new CommandDefinition(sql, parameters, commandTimeout: _database.CommandTimeoutSeconds, cancellationToken: cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(command, CommandBehavior.SequentialAccess);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    /// <summary>
    /// Builds the query. Only fixed fragments enter the text; every value is a parameter. The
    /// index filters are written as GET statements writes them (see <see cref="StatementReader"/>):
    /// the first one drives the query as an <c>IN</c> list, the others are <c>EXISTS</c> probes.
    /// </summary>
    internal static (string Sql, DynamicParameters Parameters) BuildQuery(string tenant, StatementExportFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        var where = new StringBuilder("s.tenant = @tenant AND s.voided = 0");

        if (filter.OnlyCredentialKey is { } credentialKey)
        {
            where.Append(" AND s.credential_key = @credentialKey");
            parameters.Add("credentialKey", credentialKey);
        }

        if (filter.SinceMs is { } since)
        {
            where.Append(" AND s.stored_at_ms > @since");
            parameters.Add("since", since);
        }

        if (filter.UntilMs is { } until)
        {
            where.Append(" AND s.stored_at_ms <= @until");
            parameters.Add("until", until);
        }

        var driving = false;
        AddIndexFilter(where, parameters, "agent", filter.RelatedAgents ? IndexKind.RelatedAgent : IndexKind.Agent, filter.AgentKey, ref driving);
        AddIndexFilter(where, parameters, "registration", IndexKind.Registration, filter.Registration, ref driving);
        AddIndexFilter(where, parameters, "activity", filter.RelatedActivities ? IndexKind.RelatedActivity : IndexKind.Activity, filter.ActivityId, ref driving);
        AddIndexFilter(where, parameters, "verb", IndexKind.Verb, filter.VerbId, ref driving);

        return ($"SELECT s.statement_json FROM lrs_statements s WHERE {where} ORDER BY s.seq", parameters);
    }

    private static void AddIndexFilter(StringBuilder where, DynamicParameters parameters, string name, IndexKind kind, string? value, ref bool driving)
    {
        if (value is null)
        {
            return;
        }

        where.Append(StatementSql.KeyFilter(name, !driving));
        driving = true;
        parameters.Add(name + "Kind", (int)kind);
        parameters.Add(name + "Hash", LrsJson.Sha256Hex(value));
    }
}
