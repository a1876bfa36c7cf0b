using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Inserts status rows through one reused command per table, so the provider prepares its text
/// once. PostgreSQL and SQL Server get 100 rows per statement, which saves a round trip per row.
/// SQLite gets one: it binds each named parameter by a linear search of the statement's names,
/// and at 1,700 parameters a statement a rebuild of 10,000 teachers took over a minute.
/// </summary>
internal static class ComplianceStatusWriter
{
    // 100 rows of 17 columns stay under SQL Server's limit of 2,100 parameters per statement.
    private const int RowsPerStatement = 100;

    // The column types of ComplianceStatusSql.StatusColumns and CourseColumns, in order.
    private static readonly DbType[] StatusTypes =
    [
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int32, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.Int32, DbType.String, DbType.Int32, DbType.Int64, DbType.Int32, DbType.Int64, DbType.String,
    ];

    private static readonly DbType[] CourseTypes =
    [
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int32, DbType.Int32, DbType.Int32, DbType.Int64, DbType.String,
    ];

    public static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, bool oneRowPerStatement, IEnumerable<ComplianceStatusRow> rows, CancellationToken cancellationToken)
    {
        var rowsPerStatement = oneRowPerStatement ? 1 : RowsPerStatement;
        var statusRows = rows.ToList();

        // A person in no course gets one row with the empty course id, counted as "(no course)".
        var courseRows = statusRows
            .SelectMany(row => (row.ContextRefs.Length == 0 ? [string.Empty] : row.ContextRefs.Split('\n')).Select(course => (Course: course, Row: row)))
            .ToList();
        await InsertAsync(connection, transaction, rowsPerStatement, "pd_compliance_status", ComplianceStatusSql.StatusColumns, StatusTypes, statusRows, row =>
        [
            row.PathwayId, row.Item, row.RegistrationId, row.Subject, row.ItemPosition, row.UserRef, row.Name, row.Email, row.SortKey,
            row.SchoolId, row.Role, row.ContextRefs, row.IsDone, row.DoneAtMs, row.Started, row.OverdueAtMs, row.DueOn,
        ], cancellationToken);
        await InsertAsync(connection, transaction, rowsPerStatement, "pd_compliance_status_courses", ComplianceStatusSql.CourseColumns, CourseTypes, courseRows, entry =>
        [
            entry.Row.PathwayId, entry.Row.Item, entry.Course, entry.Row.RegistrationId, entry.Row.Subject, entry.Row.SchoolId, entry.Row.Role,
            entry.Row.IsDone, entry.Row.Started, entry.Row.OverdueAtMs, entry.Row.DueOn,
        ], cancellationToken);
    }

    private static async Task InsertAsync<T>(
        DbConnection connection,
        DbTransaction transaction,
        int rowsPerStatement,
        string table,
        string columns,
        DbType[] types,
        List<T> rows,
        Func<T, object?[]> values,
        CancellationToken cancellationToken)
    {
        DbCommand? full = null;
        try
        {
            foreach (var batch in rows.Chunk(rowsPerStatement))
            {
                var command = batch.Length == rowsPerStatement
                    ? full ??= CreateCommand(connection, transaction, table, columns, types, rowsPerStatement)
                    : CreateCommand(connection, transaction, table, columns, types, batch.Length);
                for (var index = 0; index < batch.Length; index++)
                {
                    var rowValues = values(batch[index]);
                    for (var column = 0; column < types.Length; column++)
                    {
                        command.Parameters[(index * types.Length) + column].Value = rowValues[column] ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    // Names one placeholder per column and row ("@p3_12") and gives each its column's type:
    // PostgreSQL rejects a NULL typed as text in a bigint column.
    private static DbCommand CreateCommand(DbConnection connection, DbTransaction transaction, string table, string columns, DbType[] types, int rowCount)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
        for (var index = 0; index < rowCount; index++)
        {
            sql.Append(index == 0 ? "(" : ", (");
            for (var column = 0; column < types.Length; column++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"p{column}_{index}");
                sql.Append(column == 0 ? "@" : ", @").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = types[column];
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }
}
