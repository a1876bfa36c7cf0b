using System.Data.Common;
using System.Text.Json;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Reads and writes evidence rows. Every statement filters on the registration, so a reviewer of
/// one registration never reads another's evidence, even with a guessed submission id. Writes
/// take the caller's transaction, so the product state and its statements commit together.
/// </summary>
internal sealed class EvidenceRepository
{
    private const string SubmissionColumns =
        "s.id AS Id, s.registration_id AS RegistrationId, s.user_ref AS UserRef, u.name AS LearnerName, s.context_ref AS ContextRef, " +
        "s.module_id AS ModuleId, s.activity_id AS ActivityId, s.status AS Status, s.revision AS Revision, " +
        "s.first_submitted_at_ms AS FirstSubmittedAtMs, s.last_submitted_at_ms AS LastSubmittedAtMs";

    private const string SubmissionFrom =
        "FROM evidence_submissions s JOIN lti_users u ON u.id = s.user_ref AND u.registration_id = s.registration_id ";

    private static readonly SqlText SelectById = SqlText.Portable(
        $"SELECT {SubmissionColumns} {SubmissionFrom}WHERE s.registration_id = @RegistrationId AND s.id = @Id");

    private static readonly SqlText SelectForActivity = SqlText.Portable(
        $"SELECT {SubmissionColumns} {SubmissionFrom}WHERE s.registration_id = @RegistrationId AND s.user_ref = @UserRef AND s.module_id = @ModuleId AND s.activity_id = @ActivityId " +
        "AND s.cycle_start_ms = @CycleStartMs");

    private const string StateKey =
        "WHERE registration_id = @RegistrationId AND user_ref = @UserRef AND module_id = @ModuleId AND activity_id = @ActivityId AND cycle_start_ms = @CycleStartMs";

    private static readonly SqlText SelectStateForUpdate = SqlText.PerProvider(
        sqlite: "SELECT id AS Id, status AS Status, revision AS Revision FROM evidence_submissions " + StateKey,
        postgreSql: "SELECT id AS Id, status AS Status, revision AS Revision FROM evidence_submissions " + StateKey + " FOR UPDATE",
        sqlServer: "SELECT id AS Id, status AS Status, revision AS Revision FROM evidence_submissions WITH (UPDLOCK, HOLDLOCK) " + StateKey);

    private static readonly SqlText SelectRevisions = SqlText.Portable(
        "SELECT revision AS Revision, text_body AS TextBody, link_url AS LinkUrl, file_key AS FileKey, file_name AS FileName, " +
        "file_content_type AS FileContentType, file_length AS FileLength, file_sha256 AS FileSha256, submitted_at_ms AS SubmittedAtMs " +
        "FROM evidence_revisions WHERE registration_id = @RegistrationId AND submission_id = @Id ORDER BY revision");

    private static readonly SqlText SelectReviews = SqlText.Portable(
        "SELECT r.revision AS Revision, r.reviewer_ref AS ReviewerRef, u.name AS ReviewerName, r.decision AS Decision, r.rubric_levels AS RubricLevels, " +
        "r.score AS Score, r.max_score AS MaxScore, r.feedback AS Feedback, r.decided_at_ms AS DecidedAtMs " +
        "FROM evidence_reviews r LEFT JOIN lti_users u ON u.id = r.reviewer_ref AND u.registration_id = r.registration_id " +
        "WHERE r.registration_id = @RegistrationId AND r.submission_id = @Id ORDER BY r.revision");

    private static readonly SqlText InsertSubmissionSql = SqlText.Portable(
        "INSERT INTO evidence_submissions (id, registration_id, user_ref, context_ref, module_id, activity_id, cycle_start_ms, status, revision, first_submitted_at_ms, last_submitted_at_ms, decided_at_ms, updated_at_ms) " +
        "VALUES (@Id, @RegistrationId, @UserRef, @ContextRef, @ModuleId, @ActivityId, @CycleStartMs, 'Submitted', 1, @Now, @Now, NULL, @Now)");

    private static readonly SqlText ResubmitSql = SqlText.Portable(
        "UPDATE evidence_submissions SET status = 'Resubmitted', revision = @Revision, context_ref = @ContextRef, last_submitted_at_ms = @Now, updated_at_ms = @Now " +
        "WHERE registration_id = @RegistrationId AND id = @Id AND status = 'Returned' AND revision = @Revision - 1");

    private static readonly SqlText InsertRevisionSql = SqlText.Portable(
        "INSERT INTO evidence_revisions (submission_id, revision, registration_id, text_body, link_url, file_key, file_name, file_content_type, file_length, file_sha256, submitted_at_ms, statement_id) " +
        "VALUES (@Id, @Revision, @RegistrationId, @TextBody, @LinkUrl, @FileKey, @FileName, @FileContentType, @FileLength, @FileSha256, @Now, @StatementId)");

    private static readonly SqlText DecideSql = SqlText.Portable(
        "UPDATE evidence_submissions SET status = @Decision, decided_at_ms = @Now, updated_at_ms = @Now " +
        "WHERE registration_id = @RegistrationId AND id = @Id AND revision = @Revision AND status IN ('Submitted', 'Resubmitted')");

    private static readonly SqlText InsertReviewSql = SqlText.Portable(
        "INSERT INTO evidence_reviews (submission_id, revision, registration_id, reviewer_ref, decision, rubric_levels, score, max_score, feedback, decided_at_ms, statement_id) " +
        "VALUES (@Id, @Revision, @RegistrationId, @ReviewerRef, @Decision, @RubricLevels, @Score, @MaxScore, @Feedback, @Now, @StatementId)");

    private static readonly SqlText InsertStatementSql = SqlText.Portable(
        "INSERT INTO evidence_statements (statement_id, registration_id, district_id, statement_json, created_at_ms, stored_at_ms) " +
        "VALUES (@StatementId, @RegistrationId, @DistrictId, @Json, @Now, NULL)");

    private readonly Database _database;

    public EvidenceRepository(Database database)
    {
        _database = database;
    }

    public Database Database => _database;

    public async Task<EvidenceSubmission?> FindAsync(string registrationId, string submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(_database.Command(
            SelectById, new { RegistrationId = registrationId, Id = submissionId }, cancellationToken));
        return row is null ? null : await WithHistoryAsync(connection, row, cancellationToken);
    }

    /// <summary>Returns the learner's submission for the activity in the module cycle starting at <paramref name="cycleStartMs"/>, or null.</summary>
    public async Task<EvidenceSubmission?> FindForActivityAsync(
        string registrationId, string userRef, string moduleId, string activityId, long cycleStartMs, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(_database.Command(
            SelectForActivity, new { RegistrationId = registrationId, UserRef = userRef, ModuleId = moduleId, ActivityId = activityId, CycleStartMs = cycleStartMs }, cancellationToken));
        return row is null ? null : await WithHistoryAsync(connection, row, cancellationToken);
    }

    /// <summary>Lists the queue: at most <paramref name="limit"/> rows of the registration that pass the filter.</summary>
    public async Task<IReadOnlyList<EvidenceQueueRow>> QueueAsync(
        string registrationId, EvidenceQueueFilter filter, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);

        // Only fixed fragments are joined here; every value is a parameter.
        // Dapper passes a list to Npgsql as one array (compared with ANY) and expands it elsewhere.
        var statusIn = _database.Provider == DatabaseProvider.PostgreSql ? "= ANY(@Statuses)" : "IN @Statuses";
        var where = $"WHERE s.registration_id = @RegistrationId AND s.status {statusIn}";
        where += filter.ModuleId is null ? string.Empty : " AND s.module_id = @ModuleId";
        where += filter.LearnerRef is null ? string.Empty : " AND s.user_ref = @LearnerRef";
        where += filter.MinAgeDays is null ? string.Empty : " AND s.last_submitted_at_ms <= @SubmittedBeforeMs";
        var order = filter.NewestFirst ? "ORDER BY s.last_submitted_at_ms DESC, s.id" : "ORDER BY s.last_submitted_at_ms, s.id";
        var select = $"{SubmissionColumns} {SubmissionFrom}{where} {order}";
        var sql = SqlText.PerProvider(
            sqlite: $"SELECT {select} LIMIT {limit}",
            postgreSql: $"SELECT {select} LIMIT {limit}",
            sqlServer: $"SELECT TOP ({limit}) {select}");

        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(_database.Command(sql, new
        {
            RegistrationId = registrationId,
            Statuses = filter.Statuses.Select(status => status.ToString()).ToArray(),
            filter.ModuleId,
            filter.LearnerRef,
            SubmittedBeforeMs = now.AddDays(-(filter.MinAgeDays ?? 0)).ToUnixTimeMilliseconds(),
        }, cancellationToken));
        return rows.Select(row => new EvidenceQueueRow(
            row.Id, row.UserRef, row.LearnerName, row.ModuleId, row.ActivityId, Enum.Parse<EvidenceStatus>(row.Status), row.Revision,
            DateTimeOffset.FromUnixTimeMilliseconds(row.LastSubmittedAtMs))).ToList();
    }

    /// <summary>
    /// Reads and locks the learner's submission state for the activity in one module cycle, or
    /// returns null when there is none.
    /// </summary>
    public Task<SubmissionState?> LockStateAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userRef, string moduleId, string activityId, long cycleStartMs, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SubmissionState>(_database.Command(
            SelectStateForUpdate, new { RegistrationId = registrationId, UserRef = userRef, ModuleId = moduleId, ActivityId = activityId, CycleStartMs = cycleStartMs }, cancellationToken, transaction));

    /// <summary>Inserts the first revision's submission row of the activity in one module cycle.</summary>
    public Task InsertSubmissionAsync(
        DbConnection connection, DbTransaction transaction, string id, string registrationId, string userRef, string? contextRef, string moduleId, string activityId, long cycleStartMs, long now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(_database.Command(InsertSubmissionSql, new
        {
            Id = id, RegistrationId = registrationId, UserRef = userRef, ContextRef = contextRef, ModuleId = moduleId, ActivityId = activityId, CycleStartMs = cycleStartMs, Now = now,
        }, cancellationToken, transaction));

    /// <summary>Moves a returned submission to its next revision; returns false when it was not returned at <paramref name="revision"/> - 1.</summary>
    public async Task<bool> ResubmitAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string id, int revision, string? contextRef, long now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(_database.Command(ResubmitSql, new
        {
            RegistrationId = registrationId, Id = id, Revision = revision, ContextRef = contextRef, Now = now,
        }, cancellationToken, transaction)) == 1;

    public Task InsertRevisionAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string id, int revision, EvidenceDraft draft, long now, Guid statementId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(_database.Command(InsertRevisionSql, new
        {
            Id = id,
            Revision = revision,
            RegistrationId = registrationId,
            TextBody = draft.Text,
            LinkUrl = draft.Link,
            FileKey = draft.File?.Key,
            FileName = draft.File?.Name,
            FileContentType = draft.File?.ContentType,
            FileLength = draft.File?.Length,
            FileSha256 = draft.File?.Sha256,
            Now = now,
            StatementId = statementId.ToString(),
        }, cancellationToken, transaction));

    /// <summary>
    /// Records a decision on revision <paramref name="revision"/>. Returns false when that revision
    /// no longer waits for review (another reviewer decided, or the learner resubmitted).
    /// </summary>
    public async Task<bool> DecideAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string id, int revision, string reviewerRef, EvidenceDecision decision, long now, Guid statementId, CancellationToken cancellationToken)
    {
        var status = decision.Approve ? nameof(EvidenceStatus.Approved) : nameof(EvidenceStatus.Returned);
        var changed = await connection.ExecuteAsync(_database.Command(DecideSql, new
        {
            RegistrationId = registrationId, Id = id, Revision = revision, Decision = status, Now = now,
        }, cancellationToken, transaction));
        if (changed != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(_database.Command(InsertReviewSql, new
        {
            Id = id,
            Revision = revision,
            RegistrationId = registrationId,
            ReviewerRef = reviewerRef,
            Decision = status,
            RubricLevels = JsonSerializer.Serialize(decision.Levels),
            decision.Score,
            decision.MaxScore,
            decision.Feedback,
            Now = now,
            StatementId = statementId.ToString(),
        }, cancellationToken, transaction));
        return true;
    }

    public Task InsertStatementAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string districtId, Guid statementId, string json, long now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(_database.Command(InsertStatementSql, new
        {
            StatementId = statementId.ToString(), RegistrationId = registrationId, DistrictId = districtId, Json = json, Now = now,
        }, cancellationToken, transaction));

    private async Task<EvidenceSubmission> WithHistoryAsync(DbConnection connection, SubmissionRow row, CancellationToken cancellationToken)
    {
        var key = new { row.RegistrationId, row.Id };
        var revisions = await connection.QueryAsync<RevisionRow>(_database.Command(SelectRevisions, key, cancellationToken));
        var reviews = await connection.QueryAsync<ReviewRow>(_database.Command(SelectReviews, key, cancellationToken));
        return new EvidenceSubmission
        {
            Id = row.Id,
            RegistrationId = row.RegistrationId,
            UserRef = row.UserRef,
            LearnerName = row.LearnerName,
            ContextRef = row.ContextRef,
            ModuleId = row.ModuleId,
            ActivityId = row.ActivityId,
            Status = Enum.Parse<EvidenceStatus>(row.Status),
            Revision = row.Revision,
            FirstSubmittedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.FirstSubmittedAtMs),
            LastSubmittedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.LastSubmittedAtMs),
            Revisions = revisions.Select(revision => new EvidenceRevision
            {
                Revision = revision.Revision,
                Text = revision.TextBody,
                Link = revision.LinkUrl,
                File = revision.FileKey is null
                    ? null
                    : new StoredEvidenceFile(revision.FileKey, revision.FileName ?? "evidence", revision.FileContentType ?? "application/octet-stream", revision.FileLength ?? 0, revision.FileSha256 ?? string.Empty),
                SubmittedAt = DateTimeOffset.FromUnixTimeMilliseconds(revision.SubmittedAtMs),
            }).ToList(),
            Reviews = reviews.Select(review => new EvidenceReview
            {
                Revision = review.Revision,
                ReviewerRef = review.ReviewerRef,
                ReviewerName = review.ReviewerName,
                Decision = Enum.Parse<EvidenceStatus>(review.Decision),
                Levels = JsonSerializer.Deserialize<Dictionary<string, string>>(review.RubricLevels) ?? [],
                Score = review.Score,
                MaxScore = review.MaxScore,
                Feedback = review.Feedback,
                DecidedAt = DateTimeOffset.FromUnixTimeMilliseconds(review.DecidedAtMs),
            }).ToList(),
        };
    }

    /// <summary>The locked state of a submission during a write.</summary>
    internal sealed class SubmissionState
    {
        public string Id { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public int Revision { get; set; }
    }

    // Classes with setters rather than positional records: Dapper converts SQLite's 64-bit
    // integers into int properties, but matches record constructors only on exact types.
    private sealed class SubmissionRow
    {
        public string Id { get; set; } = string.Empty;

        public string RegistrationId { get; set; } = string.Empty;

        public string UserRef { get; set; } = string.Empty;

        public string? LearnerName { get; set; }

        public string? ContextRef { get; set; }

        public string ModuleId { get; set; } = string.Empty;

        public string ActivityId { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public int Revision { get; set; }

        public long FirstSubmittedAtMs { get; set; }

        public long LastSubmittedAtMs { get; set; }
    }

    private sealed class RevisionRow
    {
        public int Revision { get; set; }

        public string? TextBody { get; set; }

        public string? LinkUrl { get; set; }

        public string? FileKey { get; set; }

        public string? FileName { get; set; }

        public string? FileContentType { get; set; }

        public long? FileLength { get; set; }

        public string? FileSha256 { get; set; }

        public long SubmittedAtMs { get; set; }
    }

    private sealed class ReviewRow
    {
        public int Revision { get; set; }

        public string ReviewerRef { get; set; } = string.Empty;

        public string? ReviewerName { get; set; }

        public string Decision { get; set; } = string.Empty;

        public string RubricLevels { get; set; } = "{}";

        public int Score { get; set; }

        public int MaxScore { get; set; }

        public string Feedback { get; set; } = string.Empty;

        public long DecidedAtMs { get; set; }
    }
}
