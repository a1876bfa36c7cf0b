using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Inserts status rows with multi-row VALUES statements, because one statement per row made a
/// rebuild of a large district spend most of its time in statement overhead.
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

    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<ComplianceStatusRow> rows, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.Chunk(RowsPerStatement))
        {
            await InsertStatusAsync(connection, transaction, batch, cancellationToken);
            await InsertCoursesAsync(connection, transaction, batch, cancellationToken);
        }
    }

    private static async Task InsertStatusAsync(DbConnection connection, DbTransaction transaction, ComplianceStatusRow[] batch, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"INSERT INTO pd_compliance_status ({ComplianceStatusSql.StatusColumns}) VALUES ");
        var parameters = new DynamicParameters();
        for (var index = 0; index < batch.Length; index++)
        {
            var row = batch[index];
            sql.Append(index == 0 ? "(" : ", (");
            Add(sql, parameters, index, StatusTypes, row.PathwayId, row.Item, row.RegistrationId, row.Subject, row.ItemPosition, row.UserRef, row.Name, row.Email,
                row.SortKey, row.SchoolId, row.Role, row.ContextRefs, row.IsDone, row.DoneAtMs, row.Started, row.OverdueAtMs, row.DueOn);
            sql.Append(')');
        }

        await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
    }

    private static async Task InsertCoursesAsync(DbConnection connection, DbTransaction transaction, ComplianceStatusRow[] batch, CancellationToken cancellationToken)
    {
        // A person in no course gets one row with the empty course id, counted as "(no course)".
        var rows = batch.SelectMany(row => (row.ContextRefs.Length == 0 ? [string.Empty] : row.ContextRefs.Split('\n')).Select(course => (Course: course, Row: row))).ToList();
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder($"INSERT INTO pd_compliance_status_courses ({ComplianceStatusSql.CourseColumns}) VALUES ");
            var parameters = new DynamicParameters();
            for (var index = 0; index < chunk.Length; index++)
            {
                var (course, row) = chunk[index];
                sql.Append(index == 0 ? "(" : ", (");
                Add(sql, parameters, index, CourseTypes, row.PathwayId, row.Item, course, row.RegistrationId, row.Subject, row.SchoolId, row.Role, row.IsDone,
                    row.Started, row.OverdueAtMs, row.DueOn);
                sql.Append(')');
            }

            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    // Appends one placeholder per value, named by column and row ("@p3_12"), each with its
    // column's type: PostgreSQL rejects a NULL typed as text in a bigint column.
    private static void Add(StringBuilder sql, DynamicParameters parameters, int index, DbType[] types, params object?[] values)
    {
        for (var column = 0; column < values.Length; column++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"p{column}_{index}");
            sql.Append(column == 0 ? "@" : ", @").Append(name);
            parameters.Add(name, values[column], types[column]);
        }
    }
}
