using System.Globalization;
using System.Text;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>Builds the per-provider text of insert-if-absent statements.</summary>
internal static class SqlBuilder
{
    /// <summary>
    /// Builds an INSERT that does nothing when a row with the same <paramref name="keys"/> exists,
    /// so a duplicate returns 0 affected rows instead of failing. Any other unique violation still
    /// fails, so the caller can retry. Parameters are the columns in PascalCase (<c>tenant_id</c>
    /// becomes <c>@TenantId</c>). The keys must be a primary key or unique constraint.
    /// </summary>
    public static SqlText InsertIfAbsent(string table, string[] columns, string[] keys)
    {
        var columnList = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select(Parameter));
        var portable = $"INSERT INTO {table} ({columnList}) VALUES ({values}) ON CONFLICT ({string.Join(", ", keys)}) DO NOTHING";

        // NOTE: the SQL Server texts in Gamification have not been run against a server yet.
        // UPDLOCK and HOLDLOCK keep the key range locked until commit, so two engines inserting
        // the same key wait for each other instead of both passing the NOT EXISTS check.
        var match = string.Join(" AND ", keys.Select(key => $"{key} = {Parameter(key)}"));
        var sqlServer = $"INSERT INTO {table} ({columnList}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {match})";
        return SqlText.PerProvider(portable, portable, sqlServer);
    }

    /// <summary>
    /// Builds an INSERT of <paramref name="rows"/> rows that skips each row whose <paramref name="keys"/>
    /// exist, so the affected count is the number of new rows. Row r binds its columns as
    /// <c>@R{r}C{column index}</c>, row after row.
    /// </summary>
    public static SqlText InsertRowsIfAbsent(string table, string[] columns, string[] keys, int rows)
    {
        var columnList = string.Join(", ", columns);
        var values = new StringBuilder();
        for (var row = 0; row < rows; row++)
        {
            values.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Length; column++)
            {
                values.Append(column == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@R{row}C{column}");
            }

            values.Append(')');
        }

        var portable = $"INSERT INTO {table} ({columnList}) VALUES {values} ON CONFLICT ({string.Join(", ", keys)}) DO NOTHING";

        // NOTE: like InsertIfAbsent, this SQL Server text has not been run against a server yet.
        var match = string.Join(" AND ", keys.Select(key => $"t.{key} = v.{key}"));
        var sqlServer = $"INSERT INTO {table} ({columnList}) SELECT {string.Join(", ", columns.Select(column => "v." + column))} " +
            $"FROM (VALUES {values}) AS v ({columnList}) WHERE NOT EXISTS (SELECT 1 FROM {table} t WITH (UPDLOCK, HOLDLOCK) WHERE {match})";
        return SqlText.PerProvider(portable, portable, sqlServer);
    }

    /// <summary>Returns the parameter name for a snake_case column.</summary>
    public static string Parameter(string column)
    {
        var builder = new StringBuilder("@");
        foreach (var part in column.Split('_'))
        {
            builder.Append(char.ToUpper(part[0], CultureInfo.InvariantCulture)).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }
}
