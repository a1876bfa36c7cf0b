using System.Data.Common;
using Dapper;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Measures time on task on the server, per (registration, user, module, cycle, activity), in
/// <c>catalog_activity_time</c>. The first time a learner opens an activity in a module cycle is
/// stored once, and a later step's duration is the time since then, capped at
/// <see cref="CatalogOptions.ActivityDurationCapMinutes"/>. A module's duration is the sum of the
/// durations its activities last reported in the cycle. Every statement filters on the
/// registration and the user.
/// </summary>
public sealed class ActivityTimeStore
{
    private const string OpenColumns = "registration_id, user_ref, module_id, cycle_start_ms, activity_id, first_opened_at_ms";

    private const string Key =
        "registration_id = @RegistrationId AND user_ref = @UserId AND module_id = @ModuleId AND cycle_start_ms = @CycleStartMs";

    private const string InsertOpenOnConflict =
        $"INSERT INTO catalog_activity_time ({OpenColumns}) VALUES (@RegistrationId, @UserId, @ModuleId, @CycleStartMs, @ActivityId, @Now) " +
        "ON CONFLICT (registration_id, user_ref, module_id, cycle_start_ms, activity_id) DO NOTHING";

    // The first open wins: a second open, on this node or another, changes nothing.
    private static readonly SqlText InsertOpenIfMissing = SqlText.PerProvider(
        sqlite: InsertOpenOnConflict,
        postgreSql: InsertOpenOnConflict,
        sqlServer: $"INSERT INTO catalog_activity_time ({OpenColumns}) SELECT @RegistrationId, @UserId, @ModuleId, @CycleStartMs, @ActivityId, @Now " +
                   $"WHERE NOT EXISTS (SELECT 1 FROM catalog_activity_time WITH (UPDLOCK, HOLDLOCK) WHERE {Key} AND activity_id = @ActivityId)");

    private static readonly SqlText SelectFirstOpened = SqlText.Portable(
        $"SELECT first_opened_at_ms FROM catalog_activity_time WHERE {Key} AND activity_id = @ActivityId");

    private static readonly SqlText UpdateReported = SqlText.Portable(
        $"UPDATE catalog_activity_time SET reported_duration_ms = @DurationMs WHERE {Key} AND activity_id = @ActivityId");

    private static readonly SqlText SelectModuleSum = SqlText.Portable(
        $"SELECT SUM(reported_duration_ms) FROM catalog_activity_time WHERE {Key} AND reported_duration_ms IS NOT NULL");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cap;

    /// <summary>Creates the store over <paramref name="database"/>, capping durations as <paramref name="options"/> set.</summary>
    public ActivityTimeStore(Database database, TimeProvider timeProvider, IOptions<CatalogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _timeProvider = timeProvider;
        _cap = TimeSpan.FromMinutes(options.Value.ActivityDurationCapMinutes);
    }

    /// <summary>Stores now as the time the learner first opened the activity in the cycle, unless an earlier open is stored.</summary>
    public async Task RecordOpenAsync(string registrationId, string userId, string moduleId, long cycleStartMs, string activityId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(InsertOpenIfMissing, new
        {
            RegistrationId = registrationId,
            UserId = userId,
            ModuleId = moduleId,
            CycleStartMs = cycleStartMs,
            ActivityId = activityId,
            Now = now,
        }, cancellationToken));
    }

    /// <summary>
    /// Returns the time on task of a step on the activity taken at <paramref name="stepAt"/>, and
    /// stores it as the activity's reported duration in the caller's transaction. Returns null,
    /// storing nothing, when no open of the activity in the cycle is stored (a form posted
    /// without the page being opened, or an activity opened before time on task was measured).
    /// </summary>
    public async Task<TimeSpan?> MeasureStepAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, string moduleId, long cycleStartMs, string activityId,
        DateTimeOffset stepAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var key = new { RegistrationId = registrationId, UserId = userId, ModuleId = moduleId, CycleStartMs = cycleStartMs, ActivityId = activityId };
        var openedAtMs = await connection.QuerySingleOrDefaultAsync<long?>(_database.Command(SelectFirstOpened, key, cancellationToken, transaction));
        if (openedAtMs is not { } opened)
        {
            return null;
        }

        var duration = Cap(stepAt - DateTimeOffset.FromUnixTimeMilliseconds(opened));
        await connection.ExecuteAsync(_database.Command(UpdateReported, new
        {
            key.RegistrationId,
            key.UserId,
            key.ModuleId,
            key.CycleStartMs,
            key.ActivityId,
            DurationMs = (long)duration.TotalMilliseconds,
        }, cancellationToken, transaction));
        return duration;
    }

    /// <summary>
    /// Returns the sum of the durations the module's activities last reported in the cycle, read
    /// in the caller's transaction, or null when none reported one.
    /// </summary>
    public async Task<TimeSpan?> SumModuleAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, string moduleId, long cycleStartMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sum = await connection.ExecuteScalarAsync<long?>(_database.Command(
            SelectModuleSum, new { RegistrationId = registrationId, UserId = userId, ModuleId = moduleId, CycleStartMs = cycleStartMs }, cancellationToken, transaction));
        return sum is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null;
    }

    /// <summary>
    /// Limits an elapsed time to the cap. A negative time, from a clock that stepped back between
    /// nodes, counts as zero.
    /// </summary>
    private TimeSpan Cap(TimeSpan elapsed) => TimeSpan.FromTicks(Math.Clamp(elapsed.Ticks, 0, _cap.Ticks));
}
