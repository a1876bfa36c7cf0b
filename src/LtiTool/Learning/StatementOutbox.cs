using System.Data.Common;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Learning;

/// <summary>
/// The durable queue of statements that must commit with the row they report: the caller adds
/// the statement in its own transaction, and <see cref="XapiLearningEventSink"/> stores it in the
/// embedded LRS after the commit and removes it. A statement left behind by a crash or an LRS
/// failure stays queued until <see cref="StatementOutboxWorker"/> or the learner's next page
/// stores it.
/// </summary>
internal sealed class StatementOutbox
{
    private const string InsertColumns =
        "INSERT INTO pd_statement_outbox (statement_id, district_id, registration_id, user_ref, verb, statement_json, created_at_ms) ";

    // A replayed step builds the same statement id, which must not fail the step's transaction.
    private static readonly SqlText InsertIfMissing = SqlText.PerProvider(
        sqlite: InsertColumns + "VALUES (@StatementId, @DistrictId, @RegistrationId, @UserRef, @Verb, @StatementJson, @CreatedAtMs) ON CONFLICT (statement_id) DO NOTHING",
        postgreSql: InsertColumns + "VALUES (@StatementId, @DistrictId, @RegistrationId, @UserRef, @Verb, @StatementJson, @CreatedAtMs) ON CONFLICT (statement_id) DO NOTHING",
        sqlServer: InsertColumns + "SELECT @StatementId, @DistrictId, @RegistrationId, @UserRef, @Verb, @StatementJson, @CreatedAtMs " +
                   "WHERE NOT EXISTS (SELECT 1 FROM pd_statement_outbox WITH (UPDLOCK, HOLDLOCK) WHERE statement_id = @StatementId)");

    private const string Columns =
        "statement_id AS StatementId, district_id AS DistrictId, registration_id AS RegistrationId, user_ref AS UserRef, " +
        "verb AS Verb, statement_json AS StatementJson, created_at_ms AS CreatedAtMs";

    private static readonly SqlText SelectForUser = SqlText.Portable(
        $"SELECT {Columns} FROM pd_statement_outbox WHERE registration_id = @RegistrationId AND user_ref = @UserRef ORDER BY created_at_ms, statement_id");

    private static readonly SqlText SelectOldest = SqlText.PerProvider(
        sqlite: $"SELECT {Columns} FROM pd_statement_outbox WHERE created_at_ms <= @Before ORDER BY created_at_ms LIMIT @Limit",
        postgreSql: $"SELECT {Columns} FROM pd_statement_outbox WHERE created_at_ms <= @Before ORDER BY created_at_ms LIMIT @Limit",
        sqlServer: $"SELECT TOP (@Limit) {Columns} FROM pd_statement_outbox WHERE created_at_ms <= @Before ORDER BY created_at_ms");

    private static readonly SqlText Delete = SqlText.Portable(
        "DELETE FROM pd_statement_outbox WHERE statement_id = @StatementId");

    private readonly Database _database;

    public StatementOutbox(Database database)
    {
        _database = database;
    }

    /// <summary>
    /// Queues <paramref name="statement"/> in the caller's transaction; the caller commits. A
    /// statement whose id is already queued is skipped.
    /// </summary>
    public Task AddAsync(DbConnection connection, DbTransaction transaction, PendingStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        return connection.ExecuteAsync(_database.Command(InsertIfMissing, new
        {
            statement.StatementId,
            statement.DistrictId,
            statement.RegistrationId,
            statement.UserRef,
            Verb = statement.Verb.ToString(),
            statement.StatementJson,
            statement.CreatedAtMs,
        }, cancellationToken, transaction));
    }

    /// <summary>Lists one learner's queued statements, oldest first.</summary>
    public async Task<IReadOnlyList<PendingStatement>> ListForUserAsync(string registrationId, string userRef, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(_database.Command(SelectForUser, new { RegistrationId = registrationId, UserRef = userRef }, cancellationToken));
        return rows.Select(ToPending).ToList();
    }

    /// <summary>Lists up to <paramref name="limit"/> statements queued at or before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PendingStatement>> ListOldestAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(_database.Command(SelectOldest, new { Before = before.ToUnixTimeMilliseconds(), Limit = limit }, cancellationToken));
        return rows.Select(ToPending).ToList();
    }

    /// <summary>Removes a statement once the embedded LRS stored it.</summary>
    public async Task RemoveAsync(string statementId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Delete, new { StatementId = statementId }, cancellationToken));
    }

    private static PendingStatement ToPending(Row row) => new()
    {
        StatementId = row.StatementId,
        DistrictId = row.DistrictId,
        RegistrationId = row.RegistrationId,
        UserRef = row.UserRef,
        Verb = Enum.Parse<LearningEventVerb>(row.Verb),
        StatementJson = row.StatementJson,
        CreatedAtMs = row.CreatedAtMs,
    };

    private sealed class Row
    {
        public string StatementId { get; set; } = string.Empty;

        public string DistrictId { get; set; } = string.Empty;

        public string RegistrationId { get; set; } = string.Empty;

        public string UserRef { get; set; } = string.Empty;

        public string Verb { get; set; } = string.Empty;

        public string StatementJson { get; set; } = string.Empty;

        public long CreatedAtMs { get; set; }
    }
}
