using System.Text;
using System.Text.Json.Nodes;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.XapiBridge.Tests.Lrs;

/// <summary>The statement write and read services over one test database, with a fake clock.</summary>
internal sealed class LrsHarness
{
    public LrsHarness(Database database, LrsOptions? options = null, WalCheckpointer? checkpointer = null)
    {
        Options = options ?? new LrsOptions();
        Signal = new StatementCommitSignal();
        Reader = new StatementReader(database);
        var repository = new StatementRepository(database, Clock, new InFlightWrites(), checkpointer: checkpointer);
        Writer = new StatementWriter(new StatementValidator(), repository, Signal, Microsoft.Extensions.Options.Options.Create(Options));
        Feed = new LrsStatementFeed(Reader, Signal);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public LrsOptions Options { get; }

    public StatementCommitSignal Signal { get; }

    public StatementReader Reader { get; }

    public StatementWriter Writer { get; }

    public LrsStatementFeed Feed { get; }

    public static string NewTenant() => "district-" + Guid.NewGuid().ToString("N")[..12];

    public Task<LrsResult<IReadOnlyList<string>>> PostAsync(string tenant, JsonNode body, string credentialKey = "writer", XapiVersion version = XapiVersion.V1) =>
        Writer.WriteAsync(
            new StatementWriteRequest(tenant, credentialKey, version, null, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString())),
            TestContext.Current.CancellationToken);

    public Task<LrsResult<IReadOnlyList<string>>> PutAsync(string tenant, string statementId, JsonNode body) =>
        Writer.WriteAsync(
            new StatementWriteRequest(tenant, "writer", XapiVersion.V1, statementId, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString())),
            TestContext.Current.CancellationToken);

    public async Task<IReadOnlyList<StatementRow>> QueryAsync(string tenant, StatementQuery query, string? onlyCredential = null) =>
        (await QueryPageAsync(tenant, query, onlyCredential)).Rows;

    public Task<(List<StatementRow> Rows, long MaxSeq)> QueryPageAsync(string tenant, StatementQuery query, string? onlyCredential = null) =>
        Reader.QueryAsync(tenant, onlyCredential, query, query.MaxSeq, TestContext.Current.CancellationToken);
}
