using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Tests.Lrs;

namespace LtiPd.XapiBridge.Tests.Export;

public sealed class StatementExporterTests
{
    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task ExportAsync_Ndjson_OneStoredStatementPerLineInStoredOrder(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = StatementBuilder.NewId();
            ids.Add(id);
            Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("user-" + i, id: id))).Succeeded);
        }

        var (text, count) = await ExportAsync(database.Database, tenant, new StatementExportRequest(new StatementExportFilter(), ExportFormat.Ndjson));

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, count);
        Assert.Equal(ids, lines.Select(line => JsonNode.Parse(line)!["id"]!.GetValue<string>()));
        Assert.All(lines, line => Assert.NotNull(JsonNode.Parse(line)!["stored"]));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task ExportAsync_Csv_FlattensColumns(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var id = StatementBuilder.NewId();
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("u-42", id: id))).Succeeded);

        var (text, _) = await ExportAsync(database.Database, tenant, new StatementExportRequest(new StatementExportFilter(), ExportFormat.Csv));

        var records = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, records.Length);
        Assert.Equal(string.Join(',', StatementCsvColumns.Names), records[0]);
        var row = StatementCsvColumns.Names.Zip(ParseCsvRecord(records[1])).ToDictionary(pair => pair.First, pair => pair.Second);
        Assert.Equal(id, row["statement_id"]);
        Assert.Equal("Agent", row["actor_object_type"]);
        Assert.Equal(ExportStatements.HomePage, row["actor_account_home_page"]);
        Assert.Equal("u-42", row["actor_account_name"]);
        Assert.Equal(ExportStatements.Passed, row["verb_id"]);
        Assert.Equal("passed", row["verb_display"]);
        Assert.Equal("Activity", row["object_type"]);
        Assert.Equal(ExportStatements.Module + "/quiz", row["object_id"]);
        Assert.Equal("Check, quiz", row["object_name"]);
        Assert.Equal("true", row["result_success"]);
        Assert.Equal("true", row["result_completion"]);
        Assert.Equal("0.8", row["result_score_scaled"]);
        Assert.Equal("8", row["result_score_raw"]);
        Assert.Equal("PT4M30S", row["result_duration"]);
        Assert.Equal("b", row["result_response"]);
        Assert.Equal("8f2d1c6e-3b1a-4c57-9a51-0c2f3e4d5a6b", row["context_registration"]);
        Assert.Equal("district-a", row["context_district_id"]);
        Assert.Equal(ExportStatements.Module, row["context_parent_id"]);
        Assert.Equal("https://pd.example.edu/courses/c1 https://pd.example.edu/pathways/p1", row["context_grouping_ids"]);
        Assert.Equal("2026-03-02T09:00:00.000Z", row["stored"]);
        Assert.Equal("", row["actor_mbox"]);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task ExportAsync_Filters_MatchStatementsApi(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var otherTenant = LrsHarness.NewTenant();
        const string OtherRegistration = "11111111-2222-4333-8444-555555555555";
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("early"))).Succeeded);
        lrs.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("late"))).Succeeded);
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("late-other-registration", registration: OtherRegistration))).Succeeded);
        Assert.True((await lrs.PostAsync(tenant, StatementBuilder.Statement(mbox: "mailto:other@district.example"))).Succeeded);
        Assert.True((await lrs.PostAsync(otherTenant, ExportStatements.Assessed("late"))).Succeeded);
        var agent = JsonSerializer.Serialize(new { account = new { homePage = ExportStatements.HomePage, name = "late" } });

        var cases = new (Dictionary<string, string> Parameters, string[] Expected)[]
        {
            (new() { ["verb"] = ExportStatements.Passed }, ["early", "late", "late-other-registration"]),
            (new() { ["since"] = "2026-03-02T09:30:00Z" }, ["late", "late-other-registration", ""]),
            (new() { ["until"] = "2026-03-02T09:30:00Z" }, ["early"]),
            (new() { ["agent"] = agent }, ["late"]),
            (new() { ["registration"] = OtherRegistration }, ["late-other-registration"]),
            (new() { ["activity"] = ExportStatements.Module + "/quiz", ["verb"] = ExportStatements.Passed, ["registration"] = OtherRegistration }, ["late-other-registration"]),
            (new() { ["activity"] = ExportStatements.Module, ["related_activities"] = "true", ["since"] = "2026-03-02T09:30:00Z" }, ["late", "late-other-registration"]),
        };
        foreach (var (parameters, expected) in cases)
        {
            var request = StatementExportRequest.Parse(parameters);
            Assert.True(request.Succeeded, request.Error?.Detail);

            var (text, _) = await ExportAsync(database.Database, tenant, request.Value!);

            var names = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!["actor"]!["account"]?["name"]?.GetValue<string>() ?? "")
                .ToArray();
            Assert.Equal(expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task ExportAsync_VoidedStatement_Left(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var voidedId = StatementBuilder.NewId();
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("gone", id: voidedId))).Succeeded);
        Assert.True((await lrs.PostAsync(tenant, StatementBuilder.Voiding(voidedId))).Succeeded);

        var (text, count) = await ExportAsync(database.Database, tenant, new StatementExportRequest(new StatementExportFilter(), ExportFormat.Ndjson));

        var exported = JsonNode.Parse(text)!;
        Assert.Equal(1, count);
        Assert.Equal(StatementBuilder.Voided, exported["verb"]!["id"]!.GetValue<string>());
        Assert.Equal(voidedId, exported["object"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task ExportAsync_CsvFormulaInResponse_WrittenAsText(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        Assert.True((await lrs.PostAsync(tenant, ExportStatements.Assessed("u-1", response: "=HYPERLINK(\"http://x.example\",\"y\")", scaled: -0.5))).Succeeded);

        var (text, _) = await ExportAsync(database.Database, tenant, new StatementExportRequest(new StatementExportFilter(), ExportFormat.Csv));

        var row = StatementCsvColumns.Names.Zip(ParseCsvRecord(text.Split("\r\n")[1])).ToDictionary(pair => pair.First, pair => pair.Second);
        Assert.Equal("'=HYPERLINK(\"http://x.example\",\"y\")", row["result_response"]);
        Assert.Equal("-0.5", row["result_score_scaled"]);
    }

    [Fact]
    public void Parse_UnknownParameter_NamesIt()
    {
        var parsed = StatementExportRequest.Parse(new Dictionary<string, string> { ["limit"] = "10" });

        Assert.False(parsed.Succeeded);
        Assert.Equal("limit", parsed.Error.Field);
    }

    [Theory]
    [InlineData("format", "xml")]
    [InlineData("since", "yesterday")]
    [InlineData("registration", "not-a-uuid")]
    [InlineData("agent", "{\"name\":\"no identifier\"}")]
    [InlineData("related_agents", "yes")]
    public void Parse_InvalidValue_NamesParameter(string name, string value)
    {
        var parsed = StatementExportRequest.Parse(new Dictionary<string, string> { [name] = value });

        Assert.False(parsed.Succeeded);
        Assert.Equal(400, parsed.Error.Status);
        Assert.Equal(name, parsed.Error.Field);
        Assert.StartsWith(name, parsed.Error.Detail, StringComparison.Ordinal);
    }

    private static async Task<(string Text, long Count)> ExportAsync(Database database, string tenant, StatementExportRequest request)
    {
        await using var writer = new StringWriter();
        var count = await new StatementExporter(database).ExportAsync(tenant, request, writer, TestContext.Current.CancellationToken);
        return (writer.ToString(), count);
    }

    /// <summary>Splits one RFC 4180 record into its fields, undoing quoting.</summary>
    internal static List<string> ParseCsvRecord(string record)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
