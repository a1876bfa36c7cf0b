namespace LtiPd.Storage;

/// <summary>Database settings, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Storage";

    /// <summary>The database engine. Default: <see cref="DatabaseProvider.Sqlite"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The ADO.NET connection string. Required for PostgreSQL and SQL Server. For SQLite it may be
    /// left empty, and the database is then the file <c>ltipd.db</c> in <see cref="DataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The folder for files the tool creates at run time (the SQLite database, uploads).
    /// Relative paths resolve against the content root. Default: <c>data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Whether schema migrations run at start-up. Default: true.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seconds a single SQL command may run before it is cancelled. Default: 30.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}
