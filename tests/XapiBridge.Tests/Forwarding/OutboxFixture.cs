using System.Data.Common;
using System.Text.Json;
using Dapper;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace LtiPd.XapiBridge.Tests.Forwarding;

/// <summary>
/// A migrated database (a fresh SQLite file, or the PostgreSQL in <c>LTIPD_TEST_POSTGRESQL</c>),
/// a fake clock, a WireMock LRS and the outbox and deliverer wired to them. Each fixture uses its
/// own district id, so tests sharing a PostgreSQL database never see each other's rows.
/// </summary>
internal sealed class OutboxFixture : IAsyncDisposable
{
    private readonly TestDatabase _testDatabase;
    private readonly IOptionsMonitor<XapiForwardingOptions> _monitor;

    private OutboxFixture(TestDatabase testDatabase, XapiForwardingOptions options, int batchSize)
    {
        _testDatabase = testDatabase;
        Database = testDatabase.Database;
        Options = options;
        options.BatchSize = batchSize;
        var monitor = new FixedOptionsMonitor<XapiForwardingOptions>(options);
        Outbox = new XapiOutbox(Database, new StatementValidator(), monitor, Time);
        _monitor = monitor;
        Deliverer = CreateDeliverer();
    }

    /// <summary>Creates another deliverer over the same database, as a second node would run.</summary>
    public OutboxDeliverer CreateDeliverer() =>
        new(Database, _monitor, new LoopbackHttpClientFactory(), Time, NullLogger<OutboxDeliverer>.Instance);

    public string DistrictId { get; } = "district-" + Guid.NewGuid().ToString("N")[..12];

    public WireMockServer Lrs { get; } = LrsMock.Start();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public Database Database { get; }

    public XapiForwardingOptions Options { get; }

    public XapiOutbox Outbox { get; }

    public OutboxDeliverer Deliverer { get; }

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public static async Task<OutboxFixture> CreateAsync(DatabaseProvider provider, int batchSize = 50)
    {
        if (!TestDatabaseServers.IsConfigured(provider))
        {
            Assert.Skip(TestDatabaseServers.NotConfiguredReason(provider));
        }

        var testDatabase = await TestDatabase.CreateAsync(
            provider, [typeof(XapiOutbox).Assembly], TestContext.Current.CancellationToken);

        var options = new XapiForwardingOptions();
        var fixture = new OutboxFixture(testDatabase, options, batchSize);
        options.Districts[fixture.DistrictId] = new DistrictLrsOptions
        {
            Endpoint = LrsMock.Endpoint(fixture.Lrs),
            Username = "district-key",
            Password = "district-secret",
        };
        return fixture;
    }

    public static Statement CreateStatement(string eventKey, string verbId = XapiVerbs.Completed) => new()
    {
        Id = StatementIds.ForPdEvent(eventKey),
        Actor = Agent.WithAccount("https://canvas.example.edu", "sub-" + eventKey),
        Verb = new Verb(verbId, "completed"),
        Target = new Activity { Id = "https://pd.example.edu/modules/" + Uri.EscapeDataString(eventKey) },
        Timestamp = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Enqueues statements for the fixture's district in one committed transaction.</summary>
    public async Task<IReadOnlyList<Statement>> EnqueueAsync(params string[] eventKeys)
    {
        var statements = eventKeys.Select(key => CreateStatement(key)).ToList();
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        foreach (var statement in statements)
        {
            await Outbox.EnqueueAsync(connection, transaction, DistrictId, statement, TestContext.Current.CancellationToken);
        }

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        return statements;
    }

    public async Task<IReadOnlyList<OutboxRow>> ReadRowsAsync()
    {
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(
            "SELECT statement_id AS StatementId, attempts AS Attempts, next_attempt_at_ms AS NextAttemptAtMs, delivered_at_ms AS DeliveredAtMs, "
            + "rejected_at_ms AS RejectedAtMs, last_status AS LastStatus, last_error AS LastError, lease_owner AS LeaseOwner "
            + "FROM xapi_outbox WHERE district_id = @DistrictId ORDER BY id",
            new { DistrictId });
        return rows.ToList();
    }

    public async Task ExecuteAsync(string sql, object parameters)
    {
        await using DbConnection connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Returns the statement ids of every POST the LRS received, one list per request.</summary>
    public IReadOnlyList<IReadOnlyList<Guid>> PostedBatches() => Lrs.LogEntries
        .Where(entry => entry.RequestMessage.Method == "POST")
        .Select(entry => (IReadOnlyList<Guid>)JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.EnumerateArray()
            .Select(statement => statement.GetProperty("id").GetGuid()).ToList())
        .ToList();

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask DisposeAsync()
    {
        Lrs.Dispose();
        await _testDatabase.DisposeAsync();
    }

    private sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private sealed class LoopbackHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}

internal sealed class OutboxRow
{
    public string StatementId { get; set; } = string.Empty;

    public int Attempts { get; set; }

    public long NextAttemptAtMs { get; set; }

    public long? DeliveredAtMs { get; set; }

    public long? RejectedAtMs { get; set; }

    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    public string? LeaseOwner { get; set; }
}
