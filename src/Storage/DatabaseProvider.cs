namespace LtiPd.Storage;

/// <summary>The database engines LtiPd runs on, chosen by <c>Storage:Provider</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file, created on first run. The default for one machine.</summary>
    Sqlite,

    /// <summary>PostgreSQL, for several nodes behind a load balancer.</summary>
    PostgreSql,

    /// <summary>Microsoft SQL Server, for districts that already run it.</summary>
    SqlServer,
}
