using LtiPd.Storage;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// The score outbox statements per provider. The ones that change a claimed row filter on
/// <c>lease_owner</c>, so a node whose lease expired and was taken over changes nothing.
/// </summary>
internal static class GradeOutboxSql
{
    private const string Columns =
        "registration_id, user_ref, context_ref, module_id, score_given, score_maximum, activity_progress, grading_progress, comment, new_submission, created_at_ms, attempts, next_attempt_at_ms";

    public static readonly SqlText Enqueue = SqlText.Portable(
        $"INSERT INTO ags_score_outbox ({Columns}) VALUES (@RegistrationId, @UserRef, @ContextRef, @ModuleId, @ScoreGiven, @ScoreMaximum, " +
        "@ActivityProgress, @GradingProgress, @Comment, @NewSubmission, @NowMs, 0, @NowMs)");

    public static readonly SqlText HasGradebook = SqlText.Portable(
        "SELECT COUNT(*) FROM lti_contexts c WHERE c.registration_id = @RegistrationId AND c.id = @ContextRef " +
        "AND (c.ags_line_items_url IS NOT NULL OR EXISTS (SELECT 1 FROM lti_resource_links l " +
        "WHERE l.registration_id = c.registration_id AND l.context_ref = c.id AND l.ags_line_item_url IS NOT NULL))");

    // The latest cycle is the current one: a step in a new cycle of a recurring module writes its
    // rows before the grade is queued.
    public static readonly SqlText SelectDoneIds = SqlText.Portable(
        "SELECT activity_id FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserRef AND module_id = @ModuleId AND status = 'Done' " +
        "AND cycle_start_ms = (SELECT MAX(cycle_start_ms) FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserRef AND module_id = @ModuleId)");

    // A row is due when its time has come, nobody holds it, and no older row of the same learner
    // is still waiting: a learner's scores go out in the order they were queued.
    private const string Due =
        "o.delivered_at_ms IS NULL AND o.rejected_at_ms IS NULL AND o.next_attempt_at_ms <= @NowMs " +
        "AND (o.lease_expires_at_ms IS NULL OR o.lease_expires_at_ms <= @NowMs) " +
        "AND NOT EXISTS (SELECT 1 FROM ags_score_outbox e WHERE e.registration_id = o.registration_id AND e.user_ref = o.user_ref " +
        "AND e.id < o.id AND e.delivered_at_ms IS NULL AND e.rejected_at_ms IS NULL)";

    private const string Returned =
        "id AS Id, registration_id AS RegistrationId, user_ref AS UserRef, context_ref AS ContextRef, module_id AS ModuleId, score_given AS ScoreGiven, " +
        "score_maximum AS ScoreMaximum, activity_progress AS ActivityProgress, grading_progress AS GradingProgress, comment AS Comment, " +
        "new_submission AS NewSubmission, attempts AS Attempts";

    // PostgreSQL skips rows another node holds (FOR UPDATE SKIP LOCKED), SQL Server reads past
    // them (READPAST), and SQLite has one writer at a time, so its UPDATE is already exclusive.
    public static readonly SqlText Claim = SqlText.PerProvider(
        sqlite: "UPDATE ags_score_outbox SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs WHERE id IN (" +
                $"SELECT o.id FROM ags_score_outbox o WHERE {Due} ORDER BY o.id LIMIT @BatchSize) RETURNING {Returned}",
        postgreSql: "UPDATE ags_score_outbox SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs WHERE id IN (" +
                    $"SELECT o.id FROM ags_score_outbox o WHERE {Due} ORDER BY o.id LIMIT @BatchSize FOR UPDATE SKIP LOCKED) RETURNING {Returned}",
        sqlServer: $"WITH due AS (SELECT TOP (@BatchSize) * FROM ags_score_outbox o WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {Due} ORDER BY o.id) " +
                   "UPDATE due SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs OUTPUT inserted.id AS Id, inserted.registration_id AS RegistrationId, " +
                   "inserted.user_ref AS UserRef, inserted.context_ref AS ContextRef, inserted.module_id AS ModuleId, inserted.score_given AS ScoreGiven, " +
                   "inserted.score_maximum AS ScoreMaximum, inserted.activity_progress AS ActivityProgress, inserted.grading_progress AS GradingProgress, " +
                   "inserted.comment AS Comment, CAST(inserted.new_submission AS INT) AS NewSubmission, inserted.attempts AS Attempts;");

    public static readonly SqlText MarkDelivered = SqlText.Portable(
        "UPDATE ags_score_outbox SET delivered_at_ms = @NowMs, lease_owner = NULL, lease_expires_at_ms = NULL, last_status = @Status, last_error = NULL " +
        "WHERE id = @Id AND lease_owner = @Owner");

    public static readonly SqlText ScheduleRetry = SqlText.Portable(
        "UPDATE ags_score_outbox SET attempts = attempts + 1, next_attempt_at_ms = @NextAttemptMs, lease_owner = NULL, lease_expires_at_ms = NULL, " +
        "last_status = @Status, last_error = @Error WHERE id = @Id AND lease_owner = @Owner");

    public static readonly SqlText MarkRejected = SqlText.Portable(
        "UPDATE ags_score_outbox SET rejected_at_ms = @NowMs, attempts = attempts + 1, lease_owner = NULL, lease_expires_at_ms = NULL, " +
        "last_status = @Status, last_error = @Error WHERE id = @Id AND lease_owner = @Owner");

    public static readonly SqlText Release = SqlText.Portable(
        "UPDATE ags_score_outbox SET lease_owner = NULL, lease_expires_at_ms = NULL WHERE id = @Id AND lease_owner = @Owner");

    public static readonly SqlText SelectSubject = SqlText.Portable(
        "SELECT subject FROM lti_users WHERE registration_id = @RegistrationId AND id = @UserRef");

    public static readonly SqlText SelectLastTimestamp = SqlText.Portable(
        "SELECT last_timestamp_ms FROM ags_score_timestamps WHERE registration_id = @RegistrationId AND line_item_ref = @LineItemRef AND subject = @Subject");

    public static readonly SqlText InsertTimestamp = SqlText.Portable(
        "INSERT INTO ags_score_timestamps (registration_id, line_item_ref, subject, last_timestamp_ms) VALUES (@RegistrationId, @LineItemRef, @Subject, @TimestampMs)");

    public static readonly SqlText UpdateTimestamp = SqlText.Portable(
        "UPDATE ags_score_timestamps SET last_timestamp_ms = @TimestampMs WHERE registration_id = @RegistrationId AND line_item_ref = @LineItemRef AND subject = @Subject");

    public static readonly SqlText CountPending = SqlText.Portable(
        "SELECT COUNT(*) FROM ags_score_outbox WHERE registration_id = @RegistrationId AND delivered_at_ms IS NULL AND rejected_at_ms IS NULL");
}
