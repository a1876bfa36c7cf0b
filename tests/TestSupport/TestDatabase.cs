using System.Reflection;
using System.Security.Cryptography;
using Dapper;
using LtiPd.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LtiPd.TestSupport;

/// <summary>
/// A fresh, empty database that belongs to one test: a SQLite file in a new temporary folder, or a
/// database named <c>ltipd_test_&lt;random&gt;</c> on the configured PostgreSQL or SQL Server.
/// Disposing it deletes the file or drops the database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SqlText CountTablesNamed = SqlText.PerProvider(
        sqlite: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @tableName",
        postgreSql: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @tableName",
        sqlServer: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = SCHEMA_NAME() AND table_name = @tableName");

    // DbUp's journal table is SchemaVersions on SQLite and SQL Server and schemaversions on
    // PostgreSQL. The unquoted name below matches both because PostgreSQL folds it to lower case.
    private static readonly SqlText SelectAppliedScripts = SqlText.Portable("SELECT ScriptName FROM SchemaVersions");

    private readonly string? _adminConnectionString;
    private readonly string? _sqliteFolder;

    private TestDatabase(Database database, string name, string? adminConnectionString, string? sqliteFolder)
    {
        Database = database;
        Name = name;
        _adminConnectionString = adminConnectionString;
        _sqliteFolder = sqliteFolder;
    }

    /// <summary>The database access for this test, as the application would build it.</summary>
    public Database Database { get; }

    /// <summary>The engine behind this database.</summary>
    public DatabaseProvider Provider => Database.Provider;

    /// <summary>The connection string that reaches this database (never the admin one).</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <summary>The database name on a server, or the SQLite file path.</summary>
    public string Name { get; }

    /// <summary>
    /// Creates a database and applies the migrations embedded in <paramref name="migrationAssemblies"/>.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(
        DatabaseProvider provider,
        IEnumerable<Assembly> migrationAssemblies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrationAssemblies);
        var testDatabase = await CreateEmptyAsync(provider, cancellationToken);
        try
        {
            await testDatabase.CreateMigrator(migrationAssemblies).MigrateAsync(cancellationToken);
            return testDatabase;
        }
        catch
        {
            await testDatabase.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database with no tables, for tests of the migrations themselves.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var name = "ltipd_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(name),
            DatabaseProvider.PostgreSql => await CreatePostgreSqlAsync(name, cancellationToken),
            DatabaseProvider.SqlServer => await CreateSqlServerAsync(name, cancellationToken),
        };
    }

    /// <summary>Creates a migrator over this database for the scripts in <paramref name="migrationAssemblies"/>,
    /// logging to the output of the running test.</summary>
    public DatabaseMigrator CreateMigrator(IEnumerable<Assembly> migrationAssemblies) =>
        CreateMigrator(Database, migrationAssemblies);

    /// <summary>Creates a migrator over <paramref name="database"/>, which may be a second
    /// <see cref="Storage.Database"/> on this test database standing in for another node.</summary>
    public static DatabaseMigrator CreateMigrator(Database database, IEnumerable<Assembly> migrationAssemblies)
    {
        ArgumentNullException.ThrowIfNull(migrationAssemblies);
        var sources = migrationAssemblies.Select(assembly => new MigrationSource(assembly));
        return new DatabaseMigrator(database, sources, TestOutputLogger.Create<DatabaseMigrator>());
    }

    /// <summary>Returns whether a table named <paramref name="tableName"/> exists.</summary>
    public async Task<bool> TableExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>(
            Database.Command(CountTablesNamed, new { tableName }, cancellationToken));
        return count > 0;
    }

    /// <summary>Returns the names of the scripts DbUp has recorded as applied, in name order, or
    /// none when DbUp has not created its journal table.</summary>
    public async Task<IReadOnlyList<string>> AppliedScriptsAsync(CancellationToken cancellationToken)
    {
        var journalTable = Provider == DatabaseProvider.PostgreSql ? "schemaversions" : "SchemaVersions";
        if (!await TableExistsAsync(journalTable, cancellationToken))
        {
            return [];
        }

        await using var connection = await Database.OpenAsync(cancellationToken);
        var names = await connection.QueryAsync<string>(
            Database.Command(SelectAppliedScripts, null, cancellationToken));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Creates another <see cref="Storage.Database"/> on the same database, with its own
    /// connection pool, as a second application node would have.</summary>
    public Database CreateSecondDatabase() => new(Provider, ConnectionString);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                DeleteSqlite();
                break;

            case DatabaseProvider.PostgreSql:
                await DropPostgreSqlAsync();
                break;

            case DatabaseProvider.SqlServer:
                await DropSqlServerAsync();
                break;
        }
    }

    private static TestDatabase CreateSqlite(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "ltipd.db");
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        return new TestDatabase(new Database(DatabaseProvider.Sqlite, connectionString), path, null, folder);
    }

    private static async Task<TestDatabase> CreatePostgreSqlAsync(string name, CancellationToken cancellationToken)
    {
        var admin = RequireAdminConnectionString(DatabaseProvider.PostgreSql);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);

            // The name is generated above from hex digits, so quoting it is enough.
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE \"{name}\"", cancellationToken: cancellationToken));
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(new Database(DatabaseProvider.PostgreSql, connectionString), name, admin, null);
    }

    private static async Task<TestDatabase> CreateSqlServerAsync(string name, CancellationToken cancellationToken)
    {
        var admin = RequireAdminConnectionString(DatabaseProvider.SqlServer);
        await using (var connection = new SqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE [{name}]", cancellationToken: cancellationToken));
        }

        var connectionString = new SqlConnectionStringBuilder(admin) { InitialCatalog = name }.ConnectionString;
        return new TestDatabase(new Database(DatabaseProvider.SqlServer, connectionString), name, admin, null);
    }

    private static string RequireAdminConnectionString(DatabaseProvider provider) =>
        TestDatabaseServers.AdminConnectionString(provider)
        ?? throw new InvalidOperationException(TestDatabaseServers.NotConfiguredReason(provider));

    private void DeleteSqlite()
    {
        // Pooled connections keep the file open; close them before deleting the folder.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_sqliteFolder!, recursive: true);
    }

    private async Task DropPostgreSqlAsync()
    {
        // DbUp and tests may have opened pools outside Database; FORCE ends their sessions.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();

        // FORCE may not end an autovacuum worker, which runs as the superuser. PostgreSQL returns
        // 42501 until the worker is done with the new database, so retry for a while.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private async Task DropSqlServerAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            $"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}];");
    }
}
