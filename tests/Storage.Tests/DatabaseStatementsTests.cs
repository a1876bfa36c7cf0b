using Dapper;
using LtiPd.TestSupport;
using Microsoft.Data.Sqlite;

namespace LtiPd.Storage.Tests;

public sealed class DatabaseStatementsTests
{
    private static readonly SqlText CreateTable = SqlText.Portable(
        "CREATE TABLE statement_probe (id VARCHAR(64) NOT NULL PRIMARY KEY, label VARCHAR(200), at_ms BIGINT NOT NULL, score BIGINT)");

    private static readonly SqlText InsertIfNew = SqlText.PerProvider(
        sqlite: "INSERT INTO statement_probe (id, label, at_ms, score) VALUES (@Id, @Label, @AtMs, @Score) ON CONFLICT (id) DO NOTHING",
        postgreSql: "INSERT INTO statement_probe (id, label, at_ms, score) VALUES (@Id, @Label, @AtMs, @Score) ON CONFLICT (id) DO NOTHING",
        sqlServer: "INSERT INTO statement_probe (id, label, at_ms, score) SELECT @Id, @Label, @AtMs, @Score " +
                   "WHERE NOT EXISTS (SELECT 1 FROM statement_probe WITH (UPDLOCK, HOLDLOCK) WHERE id = @Id)");

    private static readonly SqlText InsertReturningId = SqlText.PerProvider(
        sqlite: "INSERT INTO statement_probe (id, label, at_ms) VALUES (@Id, @Label, @AtMs) RETURNING id",
        postgreSql: "INSERT INTO statement_probe (id, label, at_ms) VALUES (@Id, @Label, @AtMs) RETURNING id",
        sqlServer: "INSERT INTO statement_probe (id, label, at_ms) OUTPUT inserted.id VALUES (@Id, @Label, @AtMs)");

    private static readonly SqlText SelectById = SqlText.Portable(
        "SELECT id AS Id, label AS Label, at_ms AS AtMs, score AS Score FROM statement_probe WHERE id = @Id");

    private static readonly SqlText SelectBetween = SqlText.Portable(
        "SELECT id AS Id, label AS Label, at_ms AS AtMs, score AS Score FROM statement_probe WHERE at_ms >= @From AND at_ms <= @To ORDER BY at_ms DESC");

    private static readonly SqlText SelectLabel = SqlText.Portable("SELECT label FROM statement_probe WHERE id = @Id");

    private static readonly SqlText SelectAllIds = SqlText.Portable("SELECT id FROM statement_probe");

    private static readonly SqlText UpdateLabel = SqlText.Portable("UPDATE statement_probe SET label = @Label WHERE id = @Id");

    [Theory]
    [DatabaseData]
    public async Task ExecuteAsync_RepeatedInsertIfNew_CountsRowsChanged(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;

        var counts = new List<int>();
        for (var round = 0; round < 3; round++)
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            counts.Add(await db.ExecuteAsync(connection, InsertIfNew, new { Id = $"p{round}", Label = "first", AtMs = 1L, Score = (long?)null }, cancellationToken));
            counts.Add(await db.ExecuteAsync(connection, InsertIfNew, new { Id = $"p{round}", Label = "again", AtMs = 2L, Score = (long?)7 }, cancellationToken));
        }

        Assert.Equal([1, 0, 1, 0, 1, 0], counts);
    }

    [Theory]
    [DatabaseData]
    public async Task QuerySingleOrDefaultAsync_RowScalarAndNone_ReadsValues(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "row-1", Label = "Ms. O'Neil ✓", AtMs = 1_788_000_000_123L, Score = (long?)null }, cancellationToken);

        var row = await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "row-1" }, cancellationToken);
        var label = await db.QuerySingleOrDefaultAsync<string>(connection, SelectLabel, new { Id = "row-1" }, cancellationToken);
        var missing = await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "row-2" }, cancellationToken);

        Assert.Equal(new ProbeRow("row-1", "Ms. O'Neil ✓", 1_788_000_000_123L, null), row);
        Assert.Equal("Ms. O'Neil ✓", label);
        Assert.Null(missing);
    }

    [Theory]
    [DatabaseData]
    public async Task QueryAsync_DictionaryParameters_ReadsRowsInOrder(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        for (var index = 1; index <= 4; index++)
        {
            await db.ExecuteAsync(connection, InsertIfNew, new { Id = $"row-{index}", Label = index == 2 ? null : $"label {index}", AtMs = index * 10L, Score = (long?)index }, cancellationToken);
        }

        var parameters = new Dictionary<string, object?> { ["From"] = 20L, ["To"] = 40L };
        var rows = await db.QueryAsync<ProbeRow>(connection, SelectBetween, parameters, cancellationToken);
        var none = await db.QueryAsync<ProbeRow>(connection, SelectBetween, new Dictionary<string, object?> { ["From"] = 50L, ["To"] = 60L }, cancellationToken);

        Assert.Equal([new ProbeRow("row-4", "label 4", 40, 4), new ProbeRow("row-3", "label 3", 30, 3), new ProbeRow("row-2", null, 20, 2)], rows);
        Assert.Empty(none);
    }

    [Fact]
    public async Task QueryAsync_MissingKey_ThrowsThenRuns()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => db.QueryAsync<ProbeRow>(connection, SelectBetween, new Dictionary<string, object?> { ["From"] = 0L }, cancellationToken));
        var rows = await db.QueryAsync<ProbeRow>(connection, SelectBetween, new Dictionary<string, object?> { ["From"] = 0L, ["To"] = 1L }, cancellationToken);

        Assert.Contains("'@To'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(rows);
    }

    [Theory]
    [DatabaseData]
    public async Task QuerySingleOrDefaultAsync_TwoRows_Throws(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "a", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "b", Label = "y", AtMs = 1L, Score = (long?)null }, cancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.QuerySingleOrDefaultAsync<string>(connection, SelectAllIds, null, cancellationToken));

        // The statement was reset after the failure, so the next use starts from the first row.
        Assert.Equal(2, (await connection.QueryAsync<string>(db.Command(SelectAllIds, null, cancellationToken))).Count());
        Assert.Equal(1, await db.ExecuteAsync(connection, UpdateLabel, new { Id = "a", Label = "z" }, cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task ExecuteScalarAsync_InsertReturning_ReadsIdInTransaction(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;

        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = await db.ExecuteScalarAsync<string>(connection, InsertReturningId, new { Id = "kept", Label = "t", AtMs = 3L }, cancellationToken, transaction);
            Assert.Equal("kept", id);
            await transaction.CommitAsync(cancellationToken);
        }

        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await db.ExecuteScalarAsync<string>(connection, InsertReturningId, new { Id = "rolled-back", Label = "t", AtMs = 4L }, cancellationToken, transaction);
            await transaction.RollbackAsync(cancellationToken);
        }

        await using var reader = await db.OpenAsync(cancellationToken);
        Assert.Equal(["kept"], (await reader.QueryAsync<string>(db.Command(SelectAllIds, null, cancellationToken))).ToList());
    }

    [Theory]
    [DatabaseData]
    public async Task ExecuteAsync_AfterConstraintFailure_NextUseSucceeds(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await db.ExecuteScalarAsync<string>(connection, InsertReturningId, new { Id = "dup", Label = "t", AtMs = 1L }, cancellationToken);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(
            () => db.ExecuteScalarAsync<string>(connection, InsertReturningId, new { Id = "dup", Label = "t", AtMs = 1L }, cancellationToken));
        var next = await db.ExecuteScalarAsync<string>(connection, InsertReturningId, new { Id = "next", Label = "t", AtMs = 1L }, cancellationToken);

        Assert.Equal("next", next);
    }

    [Theory]
    [DatabaseData]
    public async Task Statements_SixteenConcurrentCallers_EachReadsOwnRows(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;

        var callers = Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            var mismatches = 0;
            for (var round = 0; round < 40; round++)
            {
                var id = $"c{caller}-r{round}";
                await using var connection = await db.OpenAsync(cancellationToken);
                await db.ExecuteAsync(connection, InsertIfNew, new { Id = id, Label = "label " + id, AtMs = (long)round, Score = (long?)caller }, cancellationToken);
                var row = await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = id }, cancellationToken);
                mismatches += row == new ProbeRow(id, "label " + id, round, caller) ? 0 : 1;
            }

            return mismatches;
        }, cancellationToken)).ToList();

        Assert.Equal(0, (await Task.WhenAll(callers)).Sum());
        await using var reader = await db.OpenAsync(cancellationToken);
        Assert.Equal(640, (await reader.QueryAsync<string>(db.Command(SelectAllIds, null, cancellationToken))).Count());
    }

    [Fact]
    public async Task Statements_PooledReopen_ReusesPreparedStatements()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;

        SQLitePCL.sqlite3 firstHandle;
        await using (var connection = (SqliteConnection)await db.OpenAsync(cancellationToken))
        {
            firstHandle = connection.Handle!;
            await db.ExecuteAsync(connection, InsertIfNew, new { Id = "x", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);
            await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "x" }, cancellationToken);
        }

        await using var reopened = (SqliteConnection)await db.OpenAsync(cancellationToken);
        await db.QuerySingleOrDefaultAsync<ProbeRow>(reopened, SelectById, new { Id = "x" }, cancellationToken);

        Assert.Same(firstHandle, reopened.Handle);
        Assert.Equal(2, SqliteStatementCache.For(reopened.Handle!).Count);
    }

    [Fact]
    public async Task Cache_Full_KeepsRecentlyUsed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = (SqliteConnection)await db.OpenAsync(cancellationToken);
        var cache = SqliteStatementCache.For(connection.Handle!);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "hot", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);

        var values = new List<long>();
        for (var index = 0; index < SqliteStatementCache.MaxStatements + 10; index++)
        {
            values.Add(await db.ExecuteScalarAsync<long>(connection, SqlText.Portable($"SELECT {index} + @Offset"), new { Offset = 1L }, cancellationToken));
            await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "hot" }, cancellationToken);
        }

        Assert.Equal(Enumerable.Range(1, SqliteStatementCache.MaxStatements + 10).Select(value => (long)value), values);
        Assert.Equal(SqliteStatementCache.MaxStatements, cache.Count);
        Assert.True(cache.Contains(SelectById.For(DatabaseProvider.Sqlite)));
        Assert.True(cache.Contains($"SELECT {SqliteStatementCache.MaxStatements + 9} + @Offset"));
        Assert.False(cache.Contains("SELECT 0 + @Offset"));
        Assert.False(cache.Contains(InsertIfNew.For(DatabaseProvider.Sqlite)));
    }

    [Fact]
    public async Task Statements_SchemaChangedByAnotherConnection_StillRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "before", Label = "b", AtMs = 1L, Score = (long?)null }, cancellationToken);

        await using (var other = new SqliteConnection(database.ConnectionString + ";Pooling=False"))
        {
            await other.OpenAsync(cancellationToken);
            await other.ExecuteAsync("ALTER TABLE statement_probe ADD COLUMN note TEXT DEFAULT 'added'");
        }

        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "after", Label = "a", AtMs = 2L, Score = (long?)null }, cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "after" }, cancellationToken);

        Assert.Equal(new ProbeRow("after", "a", 2, null), row);
        Assert.Equal("added", await connection.ExecuteScalarAsync<string>("SELECT note FROM statement_probe WHERE id = 'after'"));
    }

    [Fact]
    public async Task Statements_ReturnedAfterUse_DoNotHoldTableLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "a", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);
        await db.ExecuteAsync(connection, InsertIfNew, new { Id = "b", Label = "y", AtMs = 1L, Score = (long?)null }, cancellationToken);
        await db.ExecuteScalarAsync<string>(connection, SelectAllIds, null, cancellationToken);

        // An unfinished (not reset) SELECT on the table would make DROP TABLE fail with
        // "database table is locked".
        await connection.ExecuteAsync("DROP TABLE statement_probe");

        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'statement_probe'"));
    }

    [Fact]
    public async Task Rent_StatementInUse_PreparesOneUseCopy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        await using var connection = (SqliteConnection)await database.Database.OpenAsync(cancellationToken);
        var cache = SqliteStatementCache.For(connection.Handle!);
        var sql = SelectLabel.For(DatabaseProvider.Sqlite);

        var first = cache.Rent(sql);
        var second = cache.Rent(sql);
        cache.Return(second);
        cache.Return(first);
        var third = cache.Rent(sql);
        cache.Return(third);

        Assert.True(first.Persistent);
        Assert.False(second.Persistent);
        Assert.NotSame(first.Handle, second.Handle);
        Assert.True(second.Handle.IsClosed);
        Assert.Same(first, third);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task FinalizeClosedHandles_PoolCleared_ClosesDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        SqliteStatementCache cache;
        CachedStatement statement;
        await using (var connection = (SqliteConnection)await db.OpenAsync(cancellationToken))
        {
            await db.ExecuteAsync(connection, InsertIfNew, new { Id = "a", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);
            cache = SqliteStatementCache.For(connection.Handle!);
            statement = cache.Rent(InsertIfNew.For(DatabaseProvider.Sqlite));
            cache.Return(statement);
            SqliteConnection.ClearPool(connection);
        }

        SqliteStatementCache.FinalizeClosedHandles();

        Assert.True(statement.Handle.IsClosed);
        Assert.Equal(0, cache.Count);
        Assert.Throws<ObjectDisposedException>(() => cache.Rent(SelectLabel.For(DatabaseProvider.Sqlite)));

        // SQLite removes the WAL file when the last connection to the database closes, which a
        // statement left unfinalized would prevent.
        Assert.False(File.Exists(database.Name + "-wal"));
    }

    [Fact]
    public async Task Statements_PoolingOff_RunWithoutCache()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        await using var unpooled = new Database(DatabaseProvider.Sqlite, database.ConnectionString + ";Pooling=False");
        await using var connection = (SqliteConnection)await unpooled.OpenAsync(cancellationToken);

        var changed = await unpooled.ExecuteAsync(connection, InsertIfNew, new { Id = "u", Label = "x", AtMs = 1L, Score = (long?)null }, cancellationToken);

        Assert.Equal(1, changed);
        Assert.Equal(0, SqliteStatementCache.For(connection.Handle!).Count);
    }

    [Theory]
    [DatabaseData]
    public async Task TryExecuteByPosition_InsertIfNewTwice_CountsRowsOnSqliteOnly(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(provider, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var ranFirst = db.TryExecuteByPosition(connection, transaction, InsertIfNew, ["p1", "Ms. O'Neil ✓", 5L, null], out var firstChanged, out _);
        var ranAgain = db.TryExecuteByPosition(connection, transaction, InsertIfNew, ["p1", "again", 6L, 7L], out var againChanged, out _);

        Assert.Equal(provider == DatabaseProvider.Sqlite, ranFirst);
        Assert.Equal(provider == DatabaseProvider.Sqlite, ranAgain);
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal((1, 0), (firstChanged, againChanged));
            var row = await db.QuerySingleOrDefaultAsync<ProbeRow>(connection, SelectById, new { Id = "p1" }, cancellationToken, transaction);
            Assert.Equal(new ProbeRow("p1", "Ms. O'Neil ✓", 5L, null), row);
        }
    }

    [Fact]
    public async Task TryExecuteByPosition_Returning_ReadsFirstValue()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);
        db.TryExecuteByPosition(connection, null, InsertIfNew, ["p1", "x", 1L, 10L], out _, out _);

        var ranReturning = db.TryExecuteByPosition(connection, null, InsertReturningId, ["p2", "y", 2L], out var changed, out var id);
        var ranUpdate = db.TryExecuteByPosition(connection, null, UpdateLabel, ["z", "missing"], out var updated, out var none);

        Assert.True(ranReturning);
        Assert.True(ranUpdate);
        Assert.Equal((1, "p2"), (changed, id));
        Assert.Equal((0, (object?)null), (updated, none));
    }

    [Fact]
    public async Task TryExecuteByPosition_WrongValueCount_ThrowsAndNextUseSucceeds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateProbeDatabaseAsync(DatabaseProvider.Sqlite, cancellationToken);
        var db = database.Database;
        await using var connection = await db.OpenAsync(cancellationToken);

        var error = Assert.Throws<InvalidOperationException>(() => db.TryExecuteByPosition(connection, null, InsertIfNew, ["p1", "x", 1L], out _, out _));
        var ran = db.TryExecuteByPosition(connection, null, InsertIfNew, ["p1", "x", 1L, null], out var changed, out _);

        Assert.Contains("4 parameters but 3 values", error.Message, StringComparison.Ordinal);
        Assert.True(ran);
        Assert.Equal(1, changed);
    }

    private static async Task<TestDatabase> CreateProbeDatabaseAsync(DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        if (provider == DatabaseProvider.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL");
        }

        await connection.ExecuteAsync(database.Database.Command(CreateTable, null, cancellationToken));
        return database;
    }

    private sealed record ProbeRow(string Id, string? Label, long AtMs, long? Score);
}
