using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Stores learners' progress per (registration, user, module, cycle, activity). A module recurs
/// in cycles when <see cref="IModuleCycleSource"/> returns a cycle start for it. Every statement filters
/// on the registration and the user, so one learner never reads or changes another's rows, even
/// with a guessed module or activity id.
/// </summary>
public sealed class ProgressStore
{
    private const string ProgressColumns =
        "module_id AS ModuleId, activity_id AS ActivityId, status AS Status, attempts AS Attempts, " +
        "last_score_percent AS LastScorePercent, best_score_percent AS BestScorePercent, response AS Response, first_done_at_ms AS FirstDoneAtMs, " +
        "cycle_start_ms AS CycleStartMs";

    private static readonly SqlText SelectForUser = SqlText.Portable(
        $"SELECT {ProgressColumns} FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId ORDER BY module_id, cycle_start_ms, activity_id");

    private static readonly SqlText SelectForModule = SqlText.Portable(
        $"SELECT {ProgressColumns} FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs ORDER BY activity_id");

    private static readonly SqlText SelectCompletions = SqlText.Portable(
        "SELECT module_id AS ModuleId, points_earned AS PointsEarned, completed_at_ms AS CompletedAtMs, cycle_start_ms AS CycleStartMs FROM catalog_module_completions " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserId ORDER BY completed_at_ms");

    // A done activity stays done and keeps its first completion time; the best score only rises.
    private const string OnConflictUpdate =
        "status = CASE WHEN catalog_progress.status = 'Done' THEN 'Done' ELSE excluded.status END, " +
        "attempts = catalog_progress.attempts + 1, last_score_percent = excluded.last_score_percent, " +
        "best_score_percent = CASE WHEN catalog_progress.best_score_percent IS NULL OR excluded.best_score_percent > catalog_progress.best_score_percent " +
        "THEN excluded.best_score_percent ELSE catalog_progress.best_score_percent END, " +
        "response = COALESCE(excluded.response, catalog_progress.response), " +
        "first_done_at_ms = COALESCE(catalog_progress.first_done_at_ms, excluded.first_done_at_ms), updated_at_ms = excluded.updated_at_ms";

    private const string InsertProgress =
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts, last_score_percent, best_score_percent, response, first_done_at_ms, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserId, @ModuleId, @CycleStartMs, @ActivityId, @Status, 1, @Score, @Score, @Response, @DoneAtMs, @Now) " +
        "ON CONFLICT (registration_id, user_ref, module_id, cycle_start_ms, activity_id) DO UPDATE SET " + OnConflictUpdate;

    private static readonly SqlText UpsertProgress = SqlText.PerProvider(
        sqlite: InsertProgress,
        postgreSql: InsertProgress,
        sqlServer: "MERGE catalog_progress WITH (HOLDLOCK) AS target " +
                   "USING (SELECT @RegistrationId AS registration_id, @UserId AS user_ref, @ModuleId AS module_id, @CycleStartMs AS cycle_start_ms, @ActivityId AS activity_id) AS source " +
                   "ON target.registration_id = source.registration_id AND target.user_ref = source.user_ref " +
                   "AND target.module_id = source.module_id AND target.cycle_start_ms = source.cycle_start_ms AND target.activity_id = source.activity_id " +
                   "WHEN MATCHED THEN UPDATE SET status = CASE WHEN target.status = 'Done' THEN 'Done' ELSE @Status END, " +
                   "attempts = target.attempts + 1, last_score_percent = @Score, " +
                   "best_score_percent = CASE WHEN target.best_score_percent IS NULL OR @Score > target.best_score_percent THEN @Score ELSE target.best_score_percent END, " +
                   "response = COALESCE(@Response, target.response), first_done_at_ms = COALESCE(target.first_done_at_ms, @DoneAtMs), updated_at_ms = @Now " +
                   "WHEN NOT MATCHED THEN INSERT (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts, last_score_percent, best_score_percent, response, first_done_at_ms, updated_at_ms) " +
                   "VALUES (@RegistrationId, @UserId, @ModuleId, @CycleStartMs, @ActivityId, @Status, 1, @Score, @Score, @Response, @DoneAtMs, @Now);");

    private static readonly SqlText SelectStatus = SqlText.PerProvider(
        sqlite: "SELECT status FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs AND activity_id = @ActivityId",
        postgreSql: "SELECT status FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs AND activity_id = @ActivityId FOR UPDATE",
        sqlServer: "SELECT status FROM catalog_progress WITH (UPDLOCK, HOLDLOCK) WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs AND activity_id = @ActivityId");

    private static readonly SqlText SelectDoneIds = SqlText.Portable(
        "SELECT activity_id FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs AND status = 'Done'");

    private static readonly SqlText InsertCompletionIfMissing = SqlText.PerProvider(
        sqlite: "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
                "VALUES (@RegistrationId, @UserId, @ModuleId, @CycleStartMs, @Points, @Now) ON CONFLICT (registration_id, user_ref, module_id, cycle_start_ms) DO NOTHING",
        postgreSql: "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
                    "VALUES (@RegistrationId, @UserId, @ModuleId, @CycleStartMs, @Points, @Now) ON CONFLICT (registration_id, user_ref, module_id, cycle_start_ms) DO NOTHING",
        sqlServer: "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
                   "SELECT @RegistrationId, @UserId, @ModuleId, @CycleStartMs, @Points, @Now WHERE NOT EXISTS (SELECT 1 FROM catalog_module_completions WITH (UPDLOCK, HOLDLOCK) " +
                   "WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs)");

    // Work stored under cycle 0 before a module recurred for the learner (the pathway was created
    // or assigned later) counts for the current cycle when it was done on or after its start. Work
    // done before the start stays in cycle 0, so the cycle is still done again.
    private const string WorkAtMs = "COALESCE(first_done_at_ms, updated_at_ms)";

    private static readonly SqlText SelectLatestUncycledWork = SqlText.Portable(
        $"SELECT module_id AS ModuleId, MAX({WorkAtMs}) AS LatestMs FROM catalog_progress " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserId AND cycle_start_ms = 0 GROUP BY module_id");

    private static readonly SqlText MoveProgressIntoCycle = SqlText.Portable(
        "UPDATE catalog_progress SET cycle_start_ms = @CycleStartMs " +
        $"WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = 0 AND {WorkAtMs} >= @CycleStartMs " +
        "AND NOT EXISTS (SELECT 1 FROM catalog_progress cycled WHERE cycled.registration_id = @RegistrationId AND cycled.user_ref = @UserId " +
        "AND cycled.module_id = @ModuleId AND cycled.cycle_start_ms = @CycleStartMs AND cycled.activity_id = catalog_progress.activity_id)");

    // A completion moves only when none of the module's done work stayed behind in cycle 0, so
    // work from before the cycle start never completes the cycle.
    private static readonly SqlText MoveCompletionIntoCycle = SqlText.Portable(
        "UPDATE catalog_module_completions SET cycle_start_ms = @CycleStartMs " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = 0 AND completed_at_ms >= @CycleStartMs " +
        "AND NOT EXISTS (SELECT 1 FROM catalog_progress p WHERE p.registration_id = @RegistrationId AND p.user_ref = @UserId " +
        "AND p.module_id = @ModuleId AND p.cycle_start_ms = 0 AND p.status = 'Done') " +
        "AND NOT EXISTS (SELECT 1 FROM catalog_module_completions cycled WHERE cycled.registration_id = @RegistrationId AND cycled.user_ref = @UserId " +
        "AND cycled.module_id = @ModuleId AND cycled.cycle_start_ms = @CycleStartMs)");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<IProgressObserver> _observers;
    private readonly IModuleCycleSource _cycles;

    /// <summary>Creates the store over <paramref name="database"/>, where no module recurs.</summary>
    public ProgressStore(Database database, TimeProvider timeProvider)
        : this(database, timeProvider, [])
    {
    }

    /// <summary>Creates the store over <paramref name="database"/>, calling <paramref name="observers"/> inside each step's transaction.</summary>
    public ProgressStore(Database database, TimeProvider timeProvider, IEnumerable<IProgressObserver> observers)
        : this(database, timeProvider, observers, new NoModuleCycles())
    {
    }

    /// <summary>
    /// Creates the store over <paramref name="database"/>, calling <paramref name="observers"/>
    /// inside each step's transaction and keeping progress per cycle of <paramref name="cycles"/>.
    /// </summary>
    public ProgressStore(Database database, TimeProvider timeProvider, IEnumerable<IProgressObserver> observers, IModuleCycleSource cycles)
    {
        _database = database;
        _timeProvider = timeProvider;
        _observers = observers.ToList();
        _cycles = cycles;
    }

    /// <summary>Lists a learner's progress in the current cycle of every module they have touched.</summary>
    public async Task<IReadOnlyList<ActivityProgressRecord>> ListAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        var cycles = await LoadCyclesAsync(registrationId, userId, cancellationToken);
        var rows = await ListEveryCycleAsync(registrationId, userId, cancellationToken);
        return rows.Where(row => row.CycleStartMs == cycles.GetValueOrDefault(row.ModuleId)).ToList();
    }

    /// <summary>Lists a learner's progress in every cycle, earlier cycles included (for a personal-data export).</summary>
    public async Task<IReadOnlyList<ActivityProgressRecord>> ListEveryCycleAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProgressRow>(_database.Command(
            SelectForUser, new { RegistrationId = registrationId, UserId = userId }, cancellationToken));
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Lists a learner's progress in the current cycle of one module.</summary>
    public async Task<IReadOnlyList<ActivityProgressRecord>> ListForModuleAsync(
        string registrationId, string userId, string moduleId, CancellationToken cancellationToken)
    {
        var cycleStartMs = await GetCycleStartAsync(registrationId, userId, moduleId, cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProgressRow>(_database.Command(
            SelectForModule, new { RegistrationId = registrationId, UserId = userId, ModuleId = moduleId, CycleStartMs = cycleStartMs }, cancellationToken));
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Returns the start (Unix ms) of the learner's current cycle of one module: 0 unless the module recurs.</summary>
    public async Task<long> GetCycleStartAsync(string registrationId, string userId, string moduleId, CancellationToken cancellationToken)
    {
        var cycles = await LoadCyclesAsync(registrationId, userId, cancellationToken);
        return cycles.GetValueOrDefault(moduleId);
    }

    /// <summary>
    /// Lists the modules a learner has completed, oldest first: one entry per cycle, so a module
    /// done again in a later cycle is listed again and earlier completions stay on the record.
    /// </summary>
    public async Task<IReadOnlyList<ModuleCompletionRecord>> ListCompletionsAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        await LoadCyclesAsync(registrationId, userId, cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CompletionRow>(_database.Command(
            SelectCompletions, new { RegistrationId = registrationId, UserId = userId }, cancellationToken));
        return rows.Select(row => new ModuleCompletionRecord(row.ModuleId, row.PointsEarned, DateTimeOffset.FromUnixTimeMilliseconds(row.CompletedAtMs), row.CycleStartMs)).ToList();
    }

    /// <summary>
    /// Records one submission of <paramref name="activity"/> and, in the same transaction,
    /// records the module's completion when this submission completes it.
    /// </summary>
    public Task<RecordedStep> RecordAsync(
        string registrationId,
        string userId,
        CatalogModule module,
        CatalogActivity activity,
        ActivityOutcome outcome,
        CancellationToken cancellationToken) =>
        RecordAsync(registrationId, userId, module, activity, outcome, scope: null, cancellationToken);

    /// <summary>
    /// Records one submission of <paramref name="activity"/> made in <paramref name="scope"/>
    /// and, in the same transaction, the module's completion when this submission completes it
    /// and whatever the <see cref="IProgressObserver"/>s write.
    /// </summary>
    public async Task<RecordedStep> RecordAsync(
        string registrationId,
        string userId,
        CatalogModule module,
        CatalogActivity activity,
        ActivityOutcome outcome,
        ProgressScope? scope,
        CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var step = await RecordAsync(connection, transaction, registrationId, userId, module, activity, outcome, scope, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return step;
    }

    /// <summary>
    /// Records one submission of <paramref name="activity"/> made in <paramref name="scope"/> in
    /// the caller's <paramref name="transaction"/>, so another feature's state (an evidence
    /// decision) commits with it. The caller commits.
    /// </summary>
    public async Task<RecordedStep> RecordAsync(
        DbConnection connection,
        DbTransaction transaction,
        string registrationId,
        string userId,
        CatalogModule module,
        CatalogActivity activity,
        ActivityOutcome outcome,
        ProgressScope? scope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var cycleStartMs = (await _cycles.GetCycleStartsAsync(registrationId, userId, cancellationToken)).GetValueOrDefault(module.Id);
        if (cycleStartMs > 0)
        {
            await MoveIntoCycleAsync(connection, transaction, registrationId, userId, module.Id, cycleStartMs, cancellationToken);
        }

        var key = new { RegistrationId = registrationId, UserId = userId, ModuleId = module.Id, CycleStartMs = cycleStartMs, ActivityId = activity.Id };

        var statusBefore = await connection.QuerySingleOrDefaultAsync<string>(_database.Command(SelectStatus, key, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(UpsertProgress, new
        {
            key.RegistrationId,
            key.UserId,
            key.ModuleId,
            key.CycleStartMs,
            key.ActivityId,
            Status = (outcome.IsDone ? ActivityStatus.Done : ActivityStatus.Attempted).ToString(),
            Score = outcome.ScorePercent,
            outcome.Response,
            DoneAtMs = outcome.IsDone ? now : (long?)null,
            Now = now,
        }, cancellationToken, transaction));

        var progress = await EvaluateAsync(connection, transaction, key.RegistrationId, key.UserId, module, cycleStartMs, cancellationToken);
        var newlyCompleted = progress.IsComplete && await InsertCompletionAsync(connection, transaction, key.RegistrationId, key.UserId, module.Id, cycleStartMs, progress.PointsEarned, now, cancellationToken);

        var newlyDone = outcome.IsDone && statusBefore != nameof(ActivityStatus.Done);
        var recorded = new RecordedStep(newlyDone, newlyCompleted, progress, cycleStartMs);
        foreach (var observer in _observers)
        {
            await observer.OnRecordedAsync(connection, transaction, new ProgressChange(registrationId, userId, module, recorded, scope), cancellationToken);
        }

        return recorded;
    }

    /// <summary>
    /// Moves a learner's work into the current cycle of the modules that recur for them, from
    /// cycle 0, when it was done on or after the cycle start. Saving a pathway calls this for every
    /// learner with such work, so compliance, which reads the tables directly, agrees at once.
    /// </summary>
    public async Task MoveWorkIntoCurrentCyclesAsync(string registrationId, string userId, CancellationToken cancellationToken) =>
        await LoadCyclesAsync(registrationId, userId, cancellationToken);

    private async Task<IReadOnlyDictionary<string, long>> LoadCyclesAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        var cycles = await _cycles.GetCycleStartsAsync(registrationId, userId, cancellationToken);
        if (cycles.Values.All(startMs => startMs == 0))
        {
            return cycles;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var latest = await connection.QueryAsync<LatestWorkRow>(_database.Command(
            SelectLatestUncycledWork, new { RegistrationId = registrationId, UserId = userId }, cancellationToken));
        var moves = latest
            .Where(row => cycles.GetValueOrDefault(row.ModuleId) is > 0 and var startMs && row.LatestMs >= startMs)
            .ToList();
        if (moves.Count == 0)
        {
            return cycles;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var row in moves)
        {
            await MoveIntoCycleAsync(connection, transaction, registrationId, userId, row.ModuleId, cycles[row.ModuleId], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return cycles;
    }

    // NOTE: evidence submissions and activity time keep their cycle-0 key, so evidence approved
    // before the pathway existed shows as not submitted in the cycle although the activity is done.
    private async Task MoveIntoCycleAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, string moduleId, long cycleStartMs, CancellationToken cancellationToken)
    {
        var key = new { RegistrationId = registrationId, UserId = userId, ModuleId = moduleId, CycleStartMs = cycleStartMs };
        await connection.ExecuteAsync(_database.Command(MoveProgressIntoCycle, key, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(MoveCompletionIntoCycle, key, cancellationToken, transaction));
    }

    private async Task<ModuleProgress> EvaluateAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, CatalogModule module, long cycleStartMs, CancellationToken cancellationToken)
    {
        var doneIds = await connection.QueryAsync<string>(_database.Command(
            SelectDoneIds, new { RegistrationId = registrationId, UserId = userId, ModuleId = module.Id, CycleStartMs = cycleStartMs }, cancellationToken, transaction));
        return ModuleCompletion.Evaluate(module, doneIds.ToHashSet(StringComparer.Ordinal));
    }

    private async Task<bool> InsertCompletionAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, string moduleId, long cycleStartMs, int points, long now, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(_database.Command(InsertCompletionIfMissing, new
        {
            RegistrationId = registrationId,
            UserId = userId,
            ModuleId = moduleId,
            CycleStartMs = cycleStartMs,
            Points = points,
            Now = now,
        }, cancellationToken, transaction));
        return inserted == 1;
    }

    private static ActivityProgressRecord ToRecord(ProgressRow row) => new()
    {
        ModuleId = row.ModuleId,
        ActivityId = row.ActivityId,
        Status = Enum.Parse<ActivityStatus>(row.Status),
        Attempts = row.Attempts,
        LastScorePercent = row.LastScorePercent,
        BestScorePercent = row.BestScorePercent,
        Response = row.Response,
        FirstDoneAt = row.FirstDoneAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        CycleStartMs = row.CycleStartMs,
    };

    // Classes with setters rather than positional records: Dapper converts SQLite's 64-bit
    // integers into these int properties, but matches record constructors only on exact types.
    private sealed class ProgressRow
    {
        public string ModuleId { get; set; } = string.Empty;

        public string ActivityId { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public int? LastScorePercent { get; set; }

        public int? BestScorePercent { get; set; }

        public string? Response { get; set; }

        public long? FirstDoneAtMs { get; set; }

        public long CycleStartMs { get; set; }
    }

    private sealed class LatestWorkRow
    {
        public string ModuleId { get; set; } = string.Empty;

        public long? LatestMs { get; set; }
    }

    private sealed class CompletionRow
    {
        public string ModuleId { get; set; } = string.Empty;

        public int PointsEarned { get; set; }

        public long CompletedAtMs { get; set; }

        public long CycleStartMs { get; set; }
    }
}
