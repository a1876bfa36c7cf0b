namespace LtiPd.Storage;

/// <summary>
/// One SQL statement in the dialect of each provider. Repositories keep these as constants beside
/// their code; a statement that is the same in every dialect uses <see cref="Portable"/>.
/// Parameters are always named (<c>@name</c>), which all three ADO.NET drivers accept.
/// </summary>
public sealed class SqlText
{
    private readonly string _sqlite;
    private readonly string _postgreSql;
    private readonly string _sqlServer;

    private SqlText(string sqlite, string postgreSql, string sqlServer)
    {
        _sqlite = sqlite;
        _postgreSql = postgreSql;
        _sqlServer = sqlServer;
    }

    /// <summary>Creates a statement written once in SQL that every provider accepts.</summary>
    public static SqlText Portable(string sql) => new(sql, sql, sql);

    /// <summary>Creates a statement with a text per provider.</summary>
    public static SqlText PerProvider(string sqlite, string postgreSql, string sqlServer) =>
        new(sqlite, postgreSql, sqlServer);

    /// <summary>Returns the text for <paramref name="provider"/>.</summary>
    public string For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => _sqlite,
        DatabaseProvider.PostgreSql => _postgreSql,
        DatabaseProvider.SqlServer => _sqlServer,
    };
}
