namespace LtiPd.Storage.Tests;

public sealed class SqlTextTests
{
    private static readonly SqlText Upsert = SqlText.PerProvider(
        sqlite: "INSERT ... ON CONFLICT DO NOTHING",
        postgreSql: "INSERT ... ON CONFLICT DO NOTHING RETURNING id",
        sqlServer: "MERGE ...");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "INSERT ... ON CONFLICT DO NOTHING")]
    [InlineData(DatabaseProvider.PostgreSql, "INSERT ... ON CONFLICT DO NOTHING RETURNING id")]
    [InlineData(DatabaseProvider.SqlServer, "MERGE ...")]
    public void For_PerProviderText_ReturnsThatProvidersText(DatabaseProvider provider, string expected)
    {
        Assert.Equal(expected, Upsert.For(provider));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void For_PortableText_ReturnsSameTextForEveryProvider(DatabaseProvider provider)
    {
        var sql = SqlText.Portable("SELECT 1");

        Assert.Equal("SELECT 1", sql.For(provider));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Command_Provider_UsesThatProvidersTextAndTimeout(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=unused.db",
            DatabaseProvider.PostgreSql => "Host=127.0.0.1;Database=unused",
            DatabaseProvider.SqlServer => "Server=127.0.0.1;Database=unused",
        };
        using var database = new Database(provider, connectionString, commandTimeoutSeconds: 17);

        var command = database.Command(Upsert, new { id = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(Upsert.For(provider), command.CommandText);
        Assert.Equal(17, command.CommandTimeout);
    }
}
