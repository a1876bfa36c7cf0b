using LtiPd.TestSupport;
using Xunit.Sdk;

namespace LtiPd.Storage.Tests;

public sealed class DatabaseDataAttributeTests
{
    [Fact]
    public async Task GetData_NoProvidersNamed_YieldsRowPerProvider()
    {
        var attribute = new DatabaseDataAttribute();

        var rows = await attribute.GetData(typeof(DatabaseDataAttributeTests).GetMethod(nameof(GetData_NoProvidersNamed_YieldsRowPerProvider))!, new DisposalTracker());

        Assert.Equal(
            [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer],
            rows.Select(row => (DatabaseProvider)row.GetData()[0]!));
    }

    [Fact]
    public async Task GetData_EachRow_SkipsOnlyUnconfiguredServers()
    {
        var attribute = new DatabaseDataAttribute();

        var rows = await attribute.GetData(typeof(DatabaseDataAttributeTests).GetMethod(nameof(GetData_EachRow_SkipsOnlyUnconfiguredServers))!, new DisposalTracker());

        foreach (var row in rows)
        {
            var provider = (DatabaseProvider)row.GetData()[0]!;
            var variable = TestDatabaseServers.VariableFor(provider);
            if (variable is null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
            {
                Assert.Null(row.Skip);
            }
            else
            {
                Assert.Equal($"{provider} is not configured: set {variable} to an admin connection string to run this row.", row.Skip);
            }
        }
    }

    [Fact]
    public async Task GetData_ProvidersNamed_YieldsOnlyThose()
    {
        var attribute = new DatabaseDataAttribute(DatabaseProvider.PostgreSql);

        var rows = await attribute.GetData(typeof(DatabaseDataAttributeTests).GetMethod(nameof(GetData_ProvidersNamed_YieldsOnlyThose))!, new DisposalTracker());

        Assert.Equal([DatabaseProvider.PostgreSql], rows.Select(row => (DatabaseProvider)row.GetData()[0]!));
    }
}
