using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>The SQL that reads the inputs of <see cref="FunnelDays"/> and writes <c>analytics_funnel_days</c>.</summary>
internal static class FunnelDaysSql
{
    /// <summary>The <c>analytics_projection</c> row whose last_seq is 0 until the rollup has been derived once.</summary>
    public const string StreamName = "funnel_days";

    /// <summary>The columns of one VALUES row of <see cref="AddRows"/> and <see cref="InsertPrefix"/>.</summary>
    public const string Columns = "(tenant, school_id, course_id, role, day, module_id, stage, prev_day, module_name, learners)";

    public const string InsertPrefix = "INSERT INTO analytics_funnel_days " + Columns + " VALUES ";

    /// <summary>One VALUES row of <see cref="Columns"/> whose parameters are named after <see cref="FunnelDayKey"/>.</summary>
    public const string SingleRow = "(@tenant, @SchoolId, @CourseId, @Role, @Day, @ModuleId, @Stage, @PreviousDay, @ModuleName, @Learners)";

    private const string StagesSelect =
        "SELECT actor_id AS ActorId, module_id AS ModuleId, course_id AS CourseId, module_name AS ModuleName, launched_day AS LaunchedDay, " +
        "started_day AS StartedDay, completed_day AS CompletedDay FROM analytics_funnel WHERE tenant = @tenant";

    // The school counts only when the user's registration belongs to the district, as the
    // dashboard's school and role filters require.
    private const string PeopleSelect =
        "SELECT a.actor_id AS ActorId, u.school_id AS SchoolId, rm.context_ref AS CourseId, rm.role AS Role FROM analytics_actors a " +
        "JOIN lti_users u ON u.id = a.user_ref JOIN platform_registrations r ON r.id = u.registration_id AND r.district_id = a.tenant " +
        "LEFT JOIN roster_members rm ON rm.registration_id = u.registration_id AND rm.subject = u.subject WHERE a.tenant = @tenant";

    public static readonly SqlText IsDerived = SqlText.Portable(
        "SELECT last_seq FROM analytics_projection WHERE name = '" + StreamName + "'");

    public static readonly SqlText MarkDerived = SqlText.Portable(
        "UPDATE analytics_projection SET last_seq = 1, updated_at_ms = @nowMs WHERE name = '" + StreamName + "'");

    public static readonly SqlText StagesOfTenant = SqlText.Portable(StagesSelect);

    public static readonly SqlText StagesOfActors = InActors(StagesSelect, "actor_id");

    public static readonly SqlText PeopleOfTenant = SqlText.Portable(PeopleSelect);

    public static readonly SqlText PeopleOfActors = InActors(PeopleSelect, "a.actor_id");

    public static readonly SqlText PersonsCounted = InActors(
        "SELECT actor_id AS ActorId, funnel_person AS Person FROM analytics_actors WHERE tenant = @tenant", "actor_id");

    public static readonly SqlText SavePersonCounted = SqlText.Portable(
        "UPDATE analytics_actors SET funnel_person = @Person WHERE actor_id = @ActorId");

    public static readonly SqlText DeleteTenant = SqlText.Portable("DELETE FROM analytics_funnel_days WHERE tenant = @tenant");

    public static readonly SqlText ForgetPersonsOfTenant = SqlText.Portable("UPDATE analytics_actors SET funnel_person = NULL WHERE tenant = @tenant");

    public static readonly SqlText Tenants = SqlText.Portable("SELECT DISTINCT tenant FROM analytics_funnel");

    /// <summary>Returns the statement that adds the counts of <paramref name="values"/> (VALUES rows of <see cref="Columns"/>) to the stored rows.</summary>
    public static SqlText AddRows(string values) => SqlText.PerProvider(
        InsertPrefix + values + " ON CONFLICT (tenant, school_id, course_id, role, day, module_id, stage, prev_day, module_name) " +
        "DO UPDATE SET learners = analytics_funnel_days.learners + excluded.learners",
        InsertPrefix + values + " ON CONFLICT (tenant, school_id, course_id, role, day, module_id, stage, prev_day, module_name) " +
        "DO UPDATE SET learners = analytics_funnel_days.learners + excluded.learners",
        "MERGE analytics_funnel_days WITH (HOLDLOCK) AS t USING (VALUES " + values + ") AS b " + Columns + " " +
        "ON t.tenant = b.tenant AND t.school_id = b.school_id AND t.course_id = b.course_id AND t.role = b.role AND t.day = b.day " +
        "AND t.module_id = b.module_id AND t.stage = b.stage AND t.prev_day = b.prev_day AND t.module_name = b.module_name " +
        "WHEN MATCHED THEN UPDATE SET learners = t.learners + b.learners " +
        "WHEN NOT MATCHED THEN INSERT " + Columns + " VALUES (b.tenant, b.school_id, b.course_id, b.role, b.day, b.module_id, b.stage, b.prev_day, b.module_name, b.learners);");

    // Dapper expands @actorIds into one parameter per id; PostgreSQL takes the array as one.
    private static SqlText InActors(string select, string column) => SqlText.PerProvider(
        $"{select} AND {column} IN @actorIds",
        $"{select} AND {column} = ANY(@actorIds)",
        $"{select} AND {column} IN @actorIds");
}
