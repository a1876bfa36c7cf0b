namespace LtiPd.Storage.Tests.Migrations;

public sealed class MigrationSourceTests
{
    [Theory]
    [InlineData("LtiPd.Storage.Migrations.Sqlite.0001_data_protection_keys.sql", DatabaseProvider.Sqlite, true)]
    [InlineData("LtiPd.LtiTool.Data.Migrations.PostgreSql.0002_platforms.sql", DatabaseProvider.PostgreSql, true)]
    [InlineData("LtiPd.LtiTool.Data.Migrations.SqlServer.0002_platforms.SQL", DatabaseProvider.SqlServer, true)]
    [InlineData("LtiPd.Storage.Migrations.PostgreSql.0001_data_protection_keys.sql", DatabaseProvider.Sqlite, false)]
    [InlineData("LtiPd.Storage.Migrations.sqlite.0001_data_protection_keys.sql", DatabaseProvider.Sqlite, false)]
    [InlineData("LtiPd.Storage.Migrations.Sqlite.README.md", DatabaseProvider.Sqlite, false)]
    [InlineData("LtiPd.Storage.Sqlite.0001_data_protection_keys.sql", DatabaseProvider.Sqlite, false)]
    public void IsScriptFor_ResourceName_MatchesProviderFolder(string resourceName, DatabaseProvider provider, bool expected)
    {
        Assert.Equal(expected, MigrationSource.IsScriptFor(resourceName, provider));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void IsScriptFor_StorageAssemblyResources_FindsEmbeddedScripts(DatabaseProvider provider)
    {
        // MSBuild builds resource names from the root namespace and folders; this checks that
        // the names it produced are the ones the filter looks for.
        var names = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Where(name => MigrationSource.IsScriptFor(name, provider));

        Assert.Equal([$"LtiPd.Storage.Migrations.{provider}.0001_data_protection_keys.sql"], names);
    }

    [Fact]
    public void StorageAssemblyResources_EveryProvider_HasSameScripts()
    {
        var resourceNames = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames();

        var scriptsByProvider = Enum.GetValues<DatabaseProvider>().ToDictionary(
            provider => provider,
            provider => resourceNames
                .Where(name => MigrationSource.IsScriptFor(name, provider))
                .Select(name => name[(name.IndexOf($".{provider}.", StringComparison.Ordinal) + provider.ToString().Length + 2)..])
                .Order(StringComparer.Ordinal)
                .ToList());

        Assert.NotEmpty(scriptsByProvider[DatabaseProvider.Sqlite]);
        Assert.Equal(scriptsByProvider[DatabaseProvider.Sqlite], scriptsByProvider[DatabaseProvider.PostgreSql]);
        Assert.Equal(scriptsByProvider[DatabaseProvider.Sqlite], scriptsByProvider[DatabaseProvider.SqlServer]);
    }
}
