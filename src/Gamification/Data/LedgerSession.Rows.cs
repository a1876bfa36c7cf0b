using System.Data.Common;
using System.Globalization;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>
/// Set reads through the session's row commands. A batch runs about ten set reads. Through
/// Dapper each would build a new command and prepare its text again on SQLite, and the first
/// read of each row type would generate a row reader that the JIT then compiles.
/// </summary>
internal sealed partial class LedgerSession
{
    // Reads the rows of a set read in chunks of SetChunk values, with the tenant bound first and the chunk second.
    private async Task<List<T>> RowsOfAsync<T>(SqlText sql, string tenantId, IReadOnlyCollection<string> values, Func<DbDataReader, T> readRow)
    {
        var rows = new List<T>();
        foreach (var chunk in values.Chunk(SetChunk))
        {
            await ReadRowsAsync(rows, sql, readRow, tenantId, SetParameter(chunk));
        }

        return rows;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> through its row command, with values bound in the order its
    /// parameters first appear, and adds each row as <paramref name="readRow"/> reads it.
    /// </summary>
    private async Task ReadRowsAsync<T>(ICollection<T> rows, SqlText sql, Func<DbDataReader, T> readRow, params object?[] values)
    {
        await using var reader = await RowCommand(sql, values).ExecuteReaderAsync(_cancellationToken);
        while (await reader.ReadAsync(_cancellationToken))
        {
            rows.Add(readRow(reader));
        }
    }

    // An integer column as a long on every provider: SQLite returns long, PostgreSQL int or long
    // by column type, and SQL Server's reader does not widen int in GetInt64.
    private static long ReadInt64(DbDataReader row, int ordinal) =>
        Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);
}
