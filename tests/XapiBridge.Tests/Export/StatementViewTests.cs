using System.Globalization;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Tests.Lrs;

namespace LtiPd.XapiBridge.Tests.Export;

public sealed class StatementViewTests
{
    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task FlatView_StoredStatement_ColumnsFromJson(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var id = StatementBuilder.NewId();
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("u-7", id: id))).Succeeded);

        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var row = (IDictionary<string, object?>)await connection.QuerySingleAsync(
            "SELECT * FROM xapi_statements_flat WHERE district_id = @tenant", new { tenant });

        Assert.Equal(tenant, row["district_id"]);
        Assert.Equal(id, row["statement_id"]);
        Assert.Equal(0L, Convert.ToInt64(row["voided"], CultureInfo.InvariantCulture));
        Assert.Equal(lrs.Clock.GetUtcNow().ToUnixTimeMilliseconds(), Convert.ToInt64(row["stored_at_ms"], CultureInfo.InvariantCulture));
        Assert.Equal("Agent", row["actor_object_type"]);
        Assert.Equal("Ada Teacher", row["actor_name"]);
        Assert.Equal(ExportStatements.HomePage, row["actor_account_home_page"]);
        Assert.Equal("u-7", row["actor_account_name"]);
        Assert.Equal(ExportStatements.Passed, row["verb_id"]);
        Assert.Equal("Activity", row["object_type"]);
        Assert.Equal(ExportStatements.Module + "/quiz", row["object_id"]);
        Assert.True(Convert.ToBoolean(row["result_success"], CultureInfo.InvariantCulture));
        Assert.True(Convert.ToBoolean(row["result_completion"], CultureInfo.InvariantCulture));
        Assert.Equal(0.8m, Convert.ToDecimal(row["result_score_scaled"], CultureInfo.InvariantCulture));
        Assert.Equal(8m, Convert.ToDecimal(row["result_score_raw"], CultureInfo.InvariantCulture));
        Assert.Equal("PT4M30S", row["result_duration"]);
        Assert.Equal("b", row["result_response"]);
        Assert.Equal("8f2d1c6e-3b1a-4c57-9a51-0c2f3e4d5a6b", row["registration"]);
        Assert.Equal(ExportStatements.Module, row["context_parent_id"]);
        Assert.Equal("2026-03-02 09:00:00", StoredAt(row["stored_at_utc"]));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task FlatView_VoidedStatement_MarkedVoided(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var id = StatementBuilder.NewId();
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("u-7", id: id))).Succeeded);
        Assert.True((await lrs.PostAsync(tenant, StatementBuilder.Voiding(id))).Succeeded);

        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var voided = await connection.ExecuteScalarAsync<long>(
            "SELECT voided FROM xapi_statements_flat WHERE district_id = @tenant AND statement_id = @id", new { tenant, id });
        var counted = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM xapi_statements_flat WHERE district_id = @tenant AND voided = 0", new { tenant });

        Assert.Equal(1, voided);
        Assert.Equal(1, counted);
    }

    // SQLite returns the text 'yyyy-MM-dd HH:mm:ss'; PostgreSQL returns a timestamptz as a UTC DateTime.
    private static string StoredAt(object? value) => value switch
    {
        string text => text,
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"stored_at_utc has unexpected type {value?.GetType().Name ?? "null"}."),
    };
}
