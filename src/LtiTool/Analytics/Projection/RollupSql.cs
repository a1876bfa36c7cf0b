using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// The SQL that keeps <c>analytics_week_learners</c>, <c>analytics_weekly_active</c> and
/// <c>analytics_submissions</c> in line with <c>analytics_facts</c>.
/// </summary>
internal static class RollupSql
{
    /// <summary>The value of the school, course and role columns of <c>analytics_weekly_active</c> that means "any".</summary>
    public const string Any = "*";

    /// <summary>The <c>analytics_projection</c> row whose last_seq is 0 until the weekly rollup has been derived once.</summary>
    public const string WeeklyStreamName = "weekly_active";

    // 1970-01-01 was a Thursday, so day - ((day + 3) % 7) is the Monday of the day's week.
    public const string WeekOfDay = "day - ((day + 3) % 7)";

    public static readonly SqlText WeeklyBuilt = SqlText.Portable(
        "SELECT last_seq FROM analytics_projection WHERE name = '" + WeeklyStreamName + "'");

    public static readonly SqlText MarkWeeklyBuilt = SqlText.Portable(
        "UPDATE analytics_projection SET last_seq = 1, updated_at_ms = @nowMs WHERE name = '" + WeeklyStreamName + "'");

    // Actors of a tenant whose LTI user exists now but was not known when they were first seen.
    public static readonly SqlText FindResolvableActors = SqlText.Portable(
        "SELECT a.actor_id AS ActorId, MIN(u.id) AS UserRef FROM analytics_actors a " +
        "JOIN platform_registrations r ON r.district_id = a.tenant AND r.issuer = a.home_page " +
        "JOIN lti_users u ON u.registration_id = r.id AND u.subject = a.account_name " +
        "WHERE a.tenant = @tenant AND a.user_ref IS NULL AND a.home_page IS NOT NULL GROUP BY a.actor_id");

    public static readonly SqlText SetUserRef = SqlText.Portable(
        "UPDATE analytics_actors SET user_ref = @UserRef WHERE actor_id = @ActorId");

    // The school and roster roles of actors: a row per roster entry, or one row with a NULL role.
    public static readonly SqlText ReadPeople = SqlText.PerProvider(
        "SELECT a.actor_id AS ActorId, u.school_id AS SchoolId, rm.context_ref AS CourseId, rm.role AS Role FROM analytics_actors a " +
        "JOIN lti_users u ON u.id = a.user_ref LEFT JOIN roster_members rm ON rm.registration_id = u.registration_id AND rm.subject = u.subject " +
        "WHERE a.actor_id IN @actorIds",
        "SELECT a.actor_id AS ActorId, u.school_id AS SchoolId, rm.context_ref AS CourseId, rm.role AS Role FROM analytics_actors a " +
        "JOIN lti_users u ON u.id = a.user_ref LEFT JOIN roster_members rm ON rm.registration_id = u.registration_id AND rm.subject = u.subject " +
        "WHERE a.actor_id = ANY(@actorIds)",
        "SELECT a.actor_id AS ActorId, u.school_id AS SchoolId, rm.context_ref AS CourseId, rm.role AS Role FROM analytics_actors a " +
        "JOIN lti_users u ON u.id = a.user_ref LEFT JOIN roster_members rm ON rm.registration_id = u.registration_id AND rm.subject = u.subject " +
        "WHERE a.actor_id IN @actorIds");

    public static readonly SqlText ReadWeekLearners = SqlText.PerProvider(
        "SELECT week_day AS WeekDay, actor_id AS ActorId, course_id AS CourseId FROM analytics_week_learners WHERE tenant = @tenant AND week_day = @weekDay AND actor_id IN @actorIds",
        "SELECT week_day AS WeekDay, actor_id AS ActorId, course_id AS CourseId FROM analytics_week_learners WHERE tenant = @tenant AND week_day = @weekDay AND actor_id = ANY(@actorIds)",
        "SELECT week_day AS WeekDay, actor_id AS ActorId, course_id AS CourseId FROM analytics_week_learners WHERE tenant = @tenant AND week_day = @weekDay AND actor_id IN @actorIds");

    public const string InsertWeekLearnerPrefix = "INSERT INTO analytics_week_learners (tenant, week_day, actor_id, course_id) VALUES ";

    /// <summary>Returns the statement that adds counts to <c>analytics_weekly_active</c> rows, given its VALUES rows.</summary>
    public static SqlText AddWeeklyActive(string values) => SqlText.PerProvider(
        "INSERT INTO analytics_weekly_active (tenant, week_day, school_id, course_id, role, learners) VALUES " + values +
        " ON CONFLICT (tenant, school_id, course_id, role, week_day) DO UPDATE SET learners = analytics_weekly_active.learners + excluded.learners",
        "INSERT INTO analytics_weekly_active (tenant, week_day, school_id, course_id, role, learners) VALUES " + values +
        " ON CONFLICT (tenant, school_id, course_id, role, week_day) DO UPDATE SET learners = analytics_weekly_active.learners + excluded.learners",
        "MERGE analytics_weekly_active WITH (HOLDLOCK) AS t USING (VALUES " + values + ") AS b (tenant, week_day, school_id, course_id, role, learners) " +
        "ON t.tenant = b.tenant AND t.school_id = b.school_id AND t.course_id = b.course_id AND t.role = b.role AND t.week_day = b.week_day " +
        "WHEN MATCHED THEN UPDATE SET learners = t.learners + b.learners " +
        "WHEN NOT MATCHED THEN INSERT (tenant, week_day, school_id, course_id, role, learners) VALUES (b.tenant, b.week_day, b.school_id, b.course_id, b.role, b.learners);");

    /// <summary>
    /// Returns the statement that derives <c>analytics_weekly_active</c> from
    /// <c>analytics_week_learners</c> rows matching <paramref name="where"/> (conditions on alias
    /// m). Each of the eight branches emits a learner once per cell it counts in, with '*' for a
    /// filter that is not set; COUNT(DISTINCT) then counts each learner once per cell.
    /// </summary>
    public static SqlText DeriveWeeklyActive(string where)
    {
        var people =
            "SELECT m.tenant, m.week_day, m.actor_id, m.course_id, u.school_id, u.registration_id, u.subject FROM analytics_week_learners m " +
            $"JOIN analytics_actors a ON a.actor_id = m.actor_id LEFT JOIN lti_users u ON u.id = a.user_ref WHERE {where}";
        const string Roster = " JOIN roster_members rm ON rm.registration_id = b.registration_id AND rm.subject = b.subject";
        const string Select = "SELECT b.tenant, b.week_day, b.actor_id, ";
        string[] branches =
        [
            $"{Select}'*' AS school_id, '*' AS course_id, '*' AS role FROM b",
            $"{Select}b.school_id, '*', '*' FROM b WHERE b.school_id IS NOT NULL",
            $"{Select}'*', b.course_id, '*' FROM b WHERE b.course_id <> ''",
            $"{Select}b.school_id, b.course_id, '*' FROM b WHERE b.school_id IS NOT NULL AND b.course_id <> ''",
            $"{Select}'*', '*', rm.role FROM b{Roster}",
            $"{Select}b.school_id, '*', rm.role FROM b{Roster} WHERE b.school_id IS NOT NULL",
            $"{Select}'*', b.course_id, rm.role FROM b{Roster} WHERE rm.context_ref = b.course_id",
            $"{Select}b.school_id, b.course_id, rm.role FROM b{Roster} WHERE b.school_id IS NOT NULL AND rm.context_ref = b.course_id",
        ];
        return SqlText.Portable($"WITH b AS ({people}) " +
            "INSERT INTO analytics_weekly_active (tenant, week_day, school_id, course_id, role, learners) " +
            "SELECT cell.tenant, cell.week_day, cell.school_id, cell.course_id, cell.role, COUNT(DISTINCT cell.actor_id) FROM (" +
            string.Join(" UNION ALL ", branches) +
            ") cell GROUP BY cell.tenant, cell.week_day, cell.school_id, cell.course_id, cell.role");
    }

    public static readonly SqlText DeleteWeeklyActiveWeek = SqlText.Portable(
        "DELETE FROM analytics_weekly_active WHERE tenant = @tenant AND week_day = @weekDay");

    public static readonly SqlText DeriveWeeklyActiveWeek = DeriveWeeklyActive("m.tenant = @tenant AND m.week_day = @weekDay");

    public static readonly SqlText DeleteWeeklyActiveTenant = SqlText.Portable(
        "DELETE FROM analytics_weekly_active WHERE tenant = @tenant");

    public static readonly SqlText DeriveWeeklyActiveTenant = DeriveWeeklyActive("m.tenant = @tenant");

    public static readonly SqlText DeleteWeeklyActiveAll = SqlText.Portable("DELETE FROM analytics_weekly_active");

    public static readonly SqlText DeriveWeeklyActiveAll = DeriveWeeklyActive("1 = 1");

    // The weeks in which actors have learning rows, for actors whose school or roles just changed.
    public static readonly SqlText WeeksOfActors = SqlText.PerProvider(
        "SELECT DISTINCT week_day FROM analytics_week_learners WHERE tenant = @tenant AND actor_id IN @actorIds",
        "SELECT DISTINCT week_day FROM analytics_week_learners WHERE tenant = @tenant AND actor_id = ANY(@actorIds)",
        "SELECT DISTINCT week_day FROM analytics_week_learners WHERE tenant = @tenant AND actor_id IN @actorIds");

    private const string SubmissionColumns = "(seq, tenant, evidence_id, actor_id, course_id, module_id, day, submitted_ms, first_review_ms)";

    private const string FirstReview =
        "(SELECT MIN(r.occurred_at_ms) FROM analytics_facts r WHERE r.tenant = s.tenant AND r.evidence_id = s.evidence_id AND r.kind IN (5, 6) AND r.occurred_at_ms >= s.occurred_at_ms)";

    public static readonly SqlText InsertBatchSubmissions = SqlText.Portable(
        $"INSERT INTO analytics_submissions {SubmissionColumns} SELECT s.seq, s.tenant, s.evidence_id, s.actor_id, s.course_id, s.module_id, s.day, s.occurred_at_ms, {FirstReview} " +
        "FROM analytics_facts s WHERE s.seq > @after AND s.seq <= @lastSeq AND s.kind = 4 AND s.evidence_id IS NOT NULL");

    private const string RecomputeFirstReview =
        "UPDATE analytics_submissions SET first_review_ms = (SELECT MIN(r.occurred_at_ms) FROM analytics_facts r " +
        "WHERE r.tenant = analytics_submissions.tenant AND r.evidence_id = analytics_submissions.evidence_id AND r.kind IN (5, 6) AND r.occurred_at_ms >= analytics_submissions.submitted_ms) ";

    public static readonly SqlText UpdateFirstReviewsOfEvidence = SqlText.Portable(
        RecomputeFirstReview + "WHERE tenant = @tenant AND evidence_id = @evidenceId");

    public static readonly SqlText DeleteSubmissionsWithoutFact = SqlText.Portable(
        "DELETE FROM analytics_submissions WHERE tenant = @tenant AND NOT EXISTS (SELECT 1 FROM analytics_facts f WHERE f.seq = analytics_submissions.seq)");

    public static readonly SqlText DeleteSubmissionsTenant = SqlText.Portable("DELETE FROM analytics_submissions WHERE tenant = @tenant");

    public static readonly SqlText DeriveSubmissionsTenant = SqlText.Portable(
        $"INSERT INTO analytics_submissions {SubmissionColumns} SELECT s.seq, s.tenant, s.evidence_id, s.actor_id, s.course_id, s.module_id, s.day, s.occurred_at_ms, {FirstReview} " +
        "FROM analytics_facts s WHERE s.tenant = @tenant AND s.kind = 4 AND s.evidence_id IS NOT NULL");

    public static readonly SqlText DeleteWeekLearnersTenant = SqlText.Portable("DELETE FROM analytics_week_learners WHERE tenant = @tenant");

    public static readonly SqlText DeriveWeekLearnersTenant = SqlText.Portable(
        $"INSERT INTO analytics_week_learners (tenant, week_day, actor_id, course_id) SELECT DISTINCT tenant, {WeekOfDay}, actor_id, COALESCE(course_id, '') " +
        "FROM analytics_facts WHERE tenant = @tenant AND kind IN (1, 2, 3, 4)");

    public static readonly SqlText DeleteWeekLearnersOfActorWeek = SqlText.Portable(
        "DELETE FROM analytics_week_learners WHERE tenant = @tenant AND week_day = @weekDay AND actor_id = @actorId");

    public static readonly SqlText DeriveWeekLearnersOfActorWeek = SqlText.Portable(
        $"INSERT INTO analytics_week_learners (tenant, week_day, actor_id, course_id) SELECT DISTINCT tenant, {WeekOfDay}, actor_id, COALESCE(course_id, '') " +
        "FROM analytics_facts WHERE tenant = @tenant AND actor_id = @actorId AND kind IN (1, 2, 3, 4) AND day >= @weekDay AND day <= @weekDay + 6");

    public static readonly SqlText DeleteFunnelTenant = SqlText.Portable("DELETE FROM analytics_funnel WHERE tenant = @tenant");

    public static readonly SqlText DeriveFunnelTenant = SqlText.Portable(
        "INSERT INTO analytics_funnel (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day) " +
        "SELECT tenant, module_id, actor_id, COALESCE(course_id, ''), MAX(module_name), MIN(day), MIN(CASE WHEN kind IN (2, 3) THEN day END), MIN(CASE WHEN kind = 3 THEN day END) " +
        "FROM analytics_facts WHERE tenant = @tenant AND kind IN (1, 2, 3) AND module_id IS NOT NULL GROUP BY tenant, module_id, actor_id, COALESCE(course_id, '')");

    // The learners and weeks, and the evidence, behind facts of statements voided since they were projected.
    public static readonly SqlText FindVoidedLearnerWeeks = SqlText.Portable(
        $"SELECT DISTINCT actor_id AS ActorId, {WeekOfDay} AS WeekDay FROM analytics_facts " +
        "WHERE tenant = @tenant AND kind IN (1, 2, 3, 4) AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");

    public static readonly SqlText FindVoidedEvidence = SqlText.Portable(
        "SELECT DISTINCT evidence_id FROM analytics_facts " +
        "WHERE tenant = @tenant AND kind IN (4, 5, 6) AND evidence_id IS NOT NULL AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");

    public static readonly SqlText Tenants = SqlText.Portable("SELECT DISTINCT tenant FROM analytics_actors");
}
