using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>
/// A multi-row insert-if-absent into one table. The text for each row count is built once and
/// kept, so on a server database a batch sends its rows of the table in one command per
/// <see cref="MaxRows"/> rows instead of one command per row.
/// </summary>
internal sealed class RowInsert
{
    // SQL Server accepts at most 2,100 parameters per command, so 2,000 leaves room.
    private const int MaxParameters = 2000;

    // SQLite runs in the process, so a command per row costs no round trip. Each row text stays
    // prepared on the pooled handle, whose cache keeps at most 64 statements, so a text per row
    // count would crowd it. NOTE: 8 rows per command made the ledger writes about 3 times slower
    // when commands were prepared per batch. With the handle's cache this was not measured.
    private const int MaxSqliteRows = 1;

    private readonly string _table;
    private readonly string[] _columns;
    private readonly string[] _keys;
    private readonly SqlText?[] _texts;

    public RowInsert(string table, string[] columns, string[] keys)
    {
        _table = table;
        _columns = columns;
        _keys = keys;
        MaxRows = Math.Min(100, MaxParameters / columns.Length);
        _texts = new SqlText?[MaxRows + 1];
    }

    /// <summary>The values each row binds, in the order of the columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The most rows one command inserts on a server database.</summary>
    public int MaxRows { get; }

    /// <summary>Returns the most rows one command inserts on <paramref name="provider"/>.</summary>
    public int MaxRowsFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? Math.Min(MaxSqliteRows, MaxRows) : MaxRows;

    /// <summary>Returns the text that inserts <paramref name="rows"/> rows, building it on first use.</summary>
    public SqlText For(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);

        // Two threads may build the same text at once; both texts are equal, so either may stay.
        return _texts[rows] ??= SqlBuilder.InsertRowsIfAbsent(_table, _columns, _keys, rows);
    }
}
