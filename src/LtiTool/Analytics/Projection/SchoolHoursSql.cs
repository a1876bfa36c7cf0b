using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>The SQL that reads the inputs of <see cref="SchoolHours"/> and writes <c>analytics_school_hours</c>.</summary>
internal static class SchoolHoursSql
{
    /// <summary>The <c>analytics_projection</c> row whose last_seq is 0 until the rollup has been derived once.</summary>
    public const string StreamName = "school_hours";

    /// <summary>The columns of one VALUES row of <see cref="AddRows"/> and <see cref="InsertPrefix"/>.</summary>
    public const string Columns = "(tenant, course_id, role, day, school_id, module_id, prev_day, learners)";

    public const string InsertPrefix = "INSERT INTO analytics_school_hours " + Columns + " VALUES ";

    /// <summary>One VALUES row of <see cref="Columns"/> whose parameters are named after <see cref="SchoolHoursKey"/>.</summary>
    public const string SingleRow = "(@tenant, @CourseId, @Role, @Day, @SchoolId, @ModuleId, @PreviousDay, @Learners)";

    private const string CompletionsSelect =
        "SELECT actor_id AS ActorId, day AS Day, module_id AS ModuleId, course_id AS CourseId FROM analytics_completions WHERE tenant = @tenant";

    public static readonly SqlText IsDerived = SqlText.Portable(
        "SELECT last_seq FROM analytics_projection WHERE name = '" + StreamName + "'");

    public static readonly SqlText MarkDerived = SqlText.Portable(
        "UPDATE analytics_projection SET last_seq = 1, updated_at_ms = @nowMs WHERE name = '" + StreamName + "'");

    public static readonly SqlText CompletionsOfTenant = SqlText.Portable(CompletionsSelect);

    // Dapper expands @actorIds into one parameter per id; PostgreSQL takes the array as one.
    public static readonly SqlText CompletionsOfActors = SqlText.PerProvider(
        $"{CompletionsSelect} AND actor_id IN @actorIds",
        $"{CompletionsSelect} AND actor_id = ANY(@actorIds)",
        $"{CompletionsSelect} AND actor_id IN @actorIds");

    public static readonly SqlText PersonsOfTenant = SqlText.Portable(
        "SELECT actor_id AS ActorId, funnel_person AS Person FROM analytics_actors WHERE tenant = @tenant AND funnel_person IS NOT NULL");

    public static readonly SqlText DeleteTenant = SqlText.Portable("DELETE FROM analytics_school_hours WHERE tenant = @tenant");

    public static readonly SqlText Tenants = SqlText.Portable("SELECT DISTINCT tenant FROM analytics_completions");

    /// <summary>Returns the statement that adds the counts of <paramref name="values"/> (VALUES rows of <see cref="Columns"/>) to the stored rows.</summary>
    public static SqlText AddRows(string values) => SqlText.PerProvider(
        InsertPrefix + values + " ON CONFLICT (tenant, course_id, role, day, school_id, module_id, prev_day) " +
        "DO UPDATE SET learners = analytics_school_hours.learners + excluded.learners",
        InsertPrefix + values + " ON CONFLICT (tenant, course_id, role, day, school_id, module_id, prev_day) " +
        "DO UPDATE SET learners = analytics_school_hours.learners + excluded.learners",
        "MERGE analytics_school_hours WITH (HOLDLOCK) AS t USING (VALUES " + values + ") AS b " + Columns + " " +
        "ON t.tenant = b.tenant AND t.course_id = b.course_id AND t.role = b.role AND t.day = b.day " +
        "AND t.school_id = b.school_id AND t.module_id = b.module_id AND t.prev_day = b.prev_day " +
        "WHEN MATCHED THEN UPDATE SET learners = t.learners + b.learners " +
        "WHEN NOT MATCHED THEN INSERT " + Columns + " VALUES (b.tenant, b.course_id, b.role, b.day, b.school_id, b.module_id, b.prev_day, b.learners);");
}
