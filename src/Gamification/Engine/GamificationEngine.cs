using System.Data.Common;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;
using LtiPd.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// Turns statements into ledger rows exactly once. A batch is processed in one transaction that
/// claims each statement id for its tenant before applying it. A replayed, duplicated or
/// concurrently processed statement finds the claim and is skipped, and every award is unique on
/// (user, rule, item), so two engines on one database never award twice.
/// </summary>
public sealed partial class GamificationEngine
{
    private const int MaxAttempts = 4;

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly GamificationOptions _options;
    private readonly ILogger<GamificationEngine> _logger;
    private readonly StatementProcessor _processor;
    private readonly DecisionApplier _decisions;
    private readonly BatchProcessor _batches;
    private readonly WalCheckpointer? _checkpointer;

    /// <summary>Creates the engine over <paramref name="database"/>.</summary>
    public GamificationEngine(Database database, TimeProvider timeProvider, IOptions<GamificationOptions> options, ILogger<GamificationEngine> logger)
        : this(database, timeProvider, options, logger, checkpoint: null)
    {
    }

    /// <summary>
    /// Creates the engine over <paramref name="database"/>. With <paramref name="checkpoint"/> on
    /// SQLite, the engine's commits leave WAL checkpoints to it instead of running them inline.
    /// </summary>
    internal GamificationEngine(
        Database database, TimeProvider timeProvider, IOptions<GamificationOptions> options, ILogger<GamificationEngine> logger, EngineWalCheckpoint? checkpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        _checkpointer = checkpoint?.Checkpointer;
        _database = database;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        var statements = new AwardStatementBuilder(_options.ActivityBaseUri);
        _processor = new StatementProcessor(statements, _options.ModuleTopic);
        _decisions = new DecisionApplier(_processor, statements);
        _batches = new BatchProcessor(statements, _options.ModuleTopic);
    }

    internal Database Database => _database;

    internal DecisionApplier Decisions => _decisions;

    internal StatementProcessor Processor => _processor;

    /// <summary>
    /// Reads one batch from <paramref name="source"/> after its stored watermark, processes it and
    /// stores the new watermark. A crash between the two repeats the batch, which is harmless.
    /// </summary>
    public async Task<StatementBatch> RunOnceAsync(IStatementSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var watermark = await InTransactionAsync(session => session.ReadCheckpointAsync(source.Name), cancellationToken);
        var batch = await source.ReadAfterAsync(watermark, _options.BatchSize, cancellationToken);
        if (batch.Statements.Count == 0 && batch.Watermark == watermark)
        {
            return batch;
        }

        var checkpoint = batch.Watermark != watermark ? new Checkpoint(source.Name, batch.Watermark) : null;
        await ProcessWithRetryAsync(batch.Statements, checkpoint, cancellationToken);
        return batch;
    }

    /// <summary>Processes one statement exactly once and returns what it did.</summary>
    public async Task<ProcessOutcome> ProcessAsync(GamificationStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var outcomes = await ProcessWithRetryAsync([statement], null, cancellationToken);
        return outcomes[0];
    }

    /// <summary>Recomputes the tenant's ledger from the stored statements under its current rules.</summary>
    public async Task<IReadOnlyList<StandingChange>> RebuildAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return await RecomputeAsync(tenantId, newRules: null, commit: true, actor: null, cancellationToken);
    }

    /// <summary>Returns who would change, and by how much, if <paramref name="rules"/> applied; nothing is saved.</summary>
    public async Task<GamificationResult<IReadOnlyList<StandingChange>>> PreviewRulesAsync(string tenantId, RuleSet rules, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (InvalidRules(rules) is { } error)
        {
            return error;
        }

        return new GamificationResult<IReadOnlyList<StandingChange>>(
            await RecomputeAsync(tenantId, rules, commit: false, actor: null, cancellationToken));
    }

    /// <summary>Saves <paramref name="rules"/> as the tenant's new version and recomputes every standing under it.</summary>
    public async Task<GamificationResult<IReadOnlyList<StandingChange>>> ApplyRulesAsync(
        string tenantId, RuleSet rules, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (string.IsNullOrWhiteSpace(actor))
        {
            return new InvalidInputError(3101, "The actor applying a rule change is missing. Pass the admin's user id.");
        }

        if (InvalidRules(rules) is { } error)
        {
            return error;
        }

        return new GamificationResult<IReadOnlyList<StandingChange>>(
            await RecomputeAsync(tenantId, rules, commit: true, actor, cancellationToken));
    }

    /// <summary>Returns the rules that apply to the tenant now.</summary>
    public Task<RuleSet> GetRulesAsync(string tenantId, CancellationToken cancellationToken) =>
        InTransactionAsync(session => LoadRulesAsync(session, tenantId), cancellationToken);

    /// <summary>Returns every teacher's standing in the tenant, ordered by user id.</summary>
    public async Task<IReadOnlyList<UserStanding>> GetStandingsAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return await InTransactionAsync(
            async session => await ReadStandingsAsync(session, await LoadRulesAsync(session, tenantId), tenantId),
            cancellationToken);
    }

    /// <summary>Returns the ledger rows of a tenant, or of one user in it, in processing order.</summary>
    public Task<IReadOnlyList<Points.LedgerEntry>> GetLedgerAsync(string tenantId, string? userId, CancellationToken cancellationToken) =>
        InTransactionAsync(session => session.LedgerAsync(tenantId, userId), cancellationToken);

    internal async Task<T> InTransactionAsync<T>(Func<LedgerSession, Task<T>> work, CancellationToken cancellationToken, bool commit = true)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (_checkpointer is null)
        {
            return await RunTransactionAsync(connection, work, commit, cancellationToken);
        }

        // A commit of a batch dirties hundreds of index pages, so SQLite's automatic checkpoint
        // (at 1,000 WAL pages) ran every few batches inside this call: it copied the pages into
        // the database file and waited for two fsyncs. The checkpointer copies them on its own
        // connection at most every 500 ms, and a page that several batches changed is copied once.
        WalCheckpointer.SuspendAutoCheckpoint(connection);
        T result;
        try
        {
            result = await RunTransactionAsync(connection, work, commit, cancellationToken);
        }
        finally
        {
            WalCheckpointer.RestoreAutoCheckpoint(connection);
        }

        if (commit)
        {
            _checkpointer.NotifyCommitted();
        }

        return result;
    }

    private async Task<T> RunTransactionAsync<T>(DbConnection connection, Func<LedgerSession, Task<T>> work, bool commit, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var session = new LedgerSession(_database, connection, transaction, cancellationToken);
        var result = await work(session);
        if (commit)
        {
            // The writes are complete; a cancelled request must not leave them half committed.
            await transaction.CommitAsync(CancellationToken.None);
        }
        else
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }

        return result;
    }

    internal static async Task<RuleSet> LoadRulesAsync(LedgerSession session, string tenantId) =>
        await session.CurrentRulesJsonAsync(tenantId) is { } json ? RuleSetSerializer.Deserialize(json) : RuleSet.Default;

    internal long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<IReadOnlyList<ProcessOutcome>> ProcessWithRetryAsync(
        IReadOnlyList<GamificationStatement> statements, Checkpoint? checkpoint, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The last attempt goes one statement at a time, so a batch that keeps meeting a
            // concurrent engine still ends in one transaction.
            var perStatement = attempt == MaxAttempts;
            try
            {
                return await ProcessInTransactionAsync(statements, checkpoint, perStatement, cancellationToken);
            }
            catch (DbException exception) when (attempt < MaxAttempts && IsUniqueViolation(exception))
            {
                // Another engine took the same processing position for a different statement of
                // a tenant. Nothing of this attempt was committed; the next one reads new positions.
                Log.ProcessingRetried(_logger, statements.Count, attempt);
            }
            catch (ConcurrentBatchException exception) when (attempt < MaxAttempts)
            {
                // Another engine wrote an award or a claim after this batch read its state.
                // Nothing of this attempt was committed; the next one reads the state again.
                Log.BatchReevaluated(_logger, statements.Count, attempt, exception.Message);
            }
        }
    }

    /// <summary>
    /// Processes the statements and stores the source's new watermark in one transaction, so a
    /// batch is either processed and acknowledged as a whole or not at all.
    /// </summary>
    private async Task<IReadOnlyList<ProcessOutcome>> ProcessInTransactionAsync(
        IReadOnlyList<GamificationStatement> statements, Checkpoint? checkpoint, bool perStatement, CancellationToken cancellationToken)
    {
        var nowMs = NowMs();
        var outcomes = await InTransactionAsync(
            async session =>
            {
                IReadOnlyList<ProcessOutcome> results;
                if (perStatement)
                {
                    var outcomes = new List<ProcessOutcome>(statements.Count);
                    var rulesByTenant = new Dictionary<string, RuleSet>(StringComparer.Ordinal);
                    foreach (var statement in statements)
                    {
                        outcomes.Add(await ClaimAndApplyAsync(session, statement, rulesByTenant, nowMs));
                    }

                    results = outcomes;
                }
                else
                {
                    results = await _batches.ProcessAsync(session, statements, tenantId => LoadRulesAsync(session, tenantId), nowMs);
                }

                if (checkpoint is not null)
                {
                    await session.SaveCheckpointAsync(checkpoint.SourceName, checkpoint.Watermark, nowMs);
                }

                return results;
            },
            cancellationToken);

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            for (var i = 0; i < statements.Count; i++)
            {
                var tenantId = GamificationKeys.TenantOf(statements[i]);
                Log.StatementProcessed(_logger, statements[i].Id, tenantId, outcomes[i]);
            }
        }

        return outcomes;
    }

    private async Task<ProcessOutcome> ClaimAndApplyAsync(
        LedgerSession session, GamificationStatement statement, Dictionary<string, RuleSet> rulesByTenant, long nowMs)
    {
        var tenantId = GamificationKeys.TenantOf(statement);
        var userId = GamificationKeys.UserId(statement.ActorHomePage, statement.ActorName);
        var position = await session.NextPositionAsync(tenantId);
        var claimed = await session.InsertStatementAsync(
            tenantId, statement.Id.ToString("D"), position, statement.Stored.ToUnixTimeMilliseconds(), userId,
            StatementPayload.Serialize(statement), nowMs);
        if (!claimed)
        {
            return ProcessOutcome.Duplicate;
        }

        if (!rulesByTenant.TryGetValue(tenantId, out var rules))
        {
            rules = await LoadRulesAsync(session, tenantId);
            rulesByTenant[tenantId] = rules;
        }

        return await _processor.ApplyAsync(session, rules, statement, position, nowMs);
    }

    private async Task<IReadOnlyList<StandingChange>> RecomputeAsync(
        string tenantId, RuleSet? newRules, bool commit, string? actor, CancellationToken cancellationToken)
    {
        var nowMs = NowMs();
        var changes = await InTransactionAsync(
            async session =>
            {
                var currentRules = await LoadRulesAsync(session, tenantId);
                var before = await ReadStandingsAsync(session, currentRules, tenantId);
                var rules = newRules ?? currentRules;
                if (newRules is not null && actor is not null)
                {
                    var version = await session.SaveRulesAsync(tenantId, RuleSetSerializer.Serialize(newRules), actor, nowMs);
                    await session.InsertAuditAsync(tenantId, "rules-apply", actor, null, $"Applied rule set version {version} and recomputed all standings", nowMs);
                }

                await ReplayAsync(session, rules, tenantId, nowMs);
                var after = await ReadStandingsAsync(session, rules, tenantId);
                return Compare(before, after);
            },
            cancellationToken,
            commit);

        Log.Recomputed(_logger, tenantId, commit, changes.Count);
        return changes;
    }

    private async Task ReplayAsync(LedgerSession session, RuleSet rules, string tenantId, long nowMs)
    {
        await session.DeleteDerivedAsync(tenantId);
        var statements = await session.LoadStatementsAsync(tenantId);
        var decisions = await session.LoadDecisionsAsync(tenantId);
        var next = 0;

        foreach (var stored in statements)
        {
            while (next < decisions.Count && decisions[next].AfterPosition < stored.Position)
            {
                await _decisions.ApplyAsync(session, rules, tenantId, decisions[next++], nowMs);
            }

            await _processor.ApplyAsync(session, rules, StatementPayload.Deserialize(stored.Payload), stored.Position, nowMs);
        }

        while (next < decisions.Count)
        {
            await _decisions.ApplyAsync(session, rules, tenantId, decisions[next++], nowMs);
        }
    }

    private static async Task<IReadOnlyList<UserStanding>> ReadStandingsAsync(LedgerSession session, RuleSet rules, string tenantId)
    {
        var points = await session.PointsByUserAsync(tenantId);
        var levels = await session.LevelsByUserAsync(tenantId);
        var badges = await session.BadgesByUserAsync(tenantId);
        return points
            .OrderBy(row => row.UserId, StringComparer.Ordinal)
            .Select(row => new UserStanding(
                row.UserId,
                row.Points,
                rules.LevelFor(row.Points),
                levels.TryGetValue(row.UserId, out var highest) ? highest : 1,
                badges[row.UserId].Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static List<StandingChange> Compare(IReadOnlyList<UserStanding> before, IReadOnlyList<UserStanding> after)
    {
        var beforeByUser = before.ToDictionary(standing => standing.UserId, StringComparer.Ordinal);
        var afterByUser = after.ToDictionary(standing => standing.UserId, StringComparer.Ordinal);
        var changes = new List<StandingChange>();
        foreach (var userId in beforeByUser.Keys.Union(afterByUser.Keys).Order(StringComparer.Ordinal))
        {
            var old = beforeByUser.GetValueOrDefault(userId) ?? new UserStanding(userId, 0, 1, 1, []);
            var now = afterByUser.GetValueOrDefault(userId) ?? new UserStanding(userId, 0, 1, 1, []);
            var gained = now.Badges.Except(old.Badges).ToList();
            var lost = old.Badges.Except(now.Badges).ToList();
            if (old.Points != now.Points || old.Level != now.Level || gained.Count > 0 || lost.Count > 0)
            {
                changes.Add(new StandingChange(userId, old.Points, now.Points, old.Level, now.Level, gained, lost));
            }
        }

        return changes;
    }

    private static InvalidInputError? InvalidRules(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var problems = RuleSetValidator.Validate(rules);
        return problems.Count == 0 ? null : new InvalidInputError(3100, "The rule set is invalid: " + string.Join(" ", problems));
    }

    private static bool IsUniqueViolation(DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };

    private sealed record Checkpoint(string SourceName, string? Watermark);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, EventName = "StatementProcessed", Level = LogLevel.Debug,
            Message = "Statement {StatementId} of tenant {TenantId} processed: {Outcome}")]
        public static partial void StatementProcessed(ILogger logger, Guid statementId, string tenantId, ProcessOutcome outcome);

        [LoggerMessage(EventId = 3011, EventName = "ProcessingRetried", Level = LogLevel.Information,
            Message = "A batch of {StatementCount} statements met a concurrent engine on attempt {Attempt} and is retried")]
        public static partial void ProcessingRetried(ILogger logger, int statementCount, int attempt);

        [LoggerMessage(EventId = 3012, EventName = "Recomputed", Level = LogLevel.Information,
            Message = "Tenant {TenantId} recomputed (saved: {Saved}); {ChangedCount} standings changed")]
        public static partial void Recomputed(ILogger logger, string tenantId, bool saved, int changedCount);

        [LoggerMessage(EventId = 3100, EventName = "BatchReevaluated", Level = LogLevel.Information,
            Message = "A batch of {StatementCount} statements met a concurrent engine on attempt {Attempt} and is evaluated again: {Detail}")]
        public static partial void BatchReevaluated(ILogger logger, int statementCount, int attempt, string detail);
    }
}
