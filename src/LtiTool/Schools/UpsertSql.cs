using System.Globalization;
using System.Text;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Schools;

/// <summary>Builds the per-provider text of insert-or-update and insert-if-absent statements.</summary>
internal static class UpsertSql
{
    /// <summary>
    /// Builds an INSERT that updates <paramref name="updates"/> when a row with the same
    /// <paramref name="keys"/> exists. Parameters are the columns in PascalCase (<c>school_id</c>
    /// becomes <c>@SchoolId</c>). With no updates the statement inserts only when the row is absent.
    /// </summary>
    public static SqlText Build(string table, string[] columns, string[] keys, string[] updates)
    {
        var columnList = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select(Parameter));
        var conflict = updates.Length == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", updates.Select(column => $"{column} = excluded.{column}"));
        var portable = $"INSERT INTO {table} ({columnList}) VALUES ({values}) ON CONFLICT ({string.Join(", ", keys)}) {conflict}";

        // HOLDLOCK keeps the key range locked until commit, so two writers of one key wait for
        // each other instead of both inserting.
        var match = string.Join(" AND ", keys.Select(key => $"target.{key} = {Parameter(key)}"));
        var update = updates.Length == 0
            ? string.Empty
            : "WHEN MATCHED THEN UPDATE SET " + string.Join(", ", updates.Select(column => $"{column} = {Parameter(column)}")) + " ";
        var sqlServer = $"MERGE {table} WITH (HOLDLOCK) AS target USING (SELECT 1 AS one) AS source ON {match} " +
                        $"{update}WHEN NOT MATCHED THEN INSERT ({columnList}) VALUES ({values});";
        return SqlText.PerProvider(portable, portable, sqlServer);
    }

    private static string Parameter(string column)
    {
        var builder = new StringBuilder("@");
        foreach (var part in column.Split('_'))
        {
            builder.Append(char.ToUpper(part[0], CultureInfo.InvariantCulture)).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }
}
