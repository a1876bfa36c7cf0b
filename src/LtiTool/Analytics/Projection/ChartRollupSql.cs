using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// The SQL that keeps <c>analytics_points</c>, <c>analytics_levels</c> and
/// <c>analytics_completions</c> in line with <c>analytics_facts</c>: folding in one projected
/// batch, and deriving the rows of a tenant or of one learner again.
/// </summary>
internal static class ChartRollupSql
{
    private const string InBatch = "seq > @after AND seq <= @lastSeq";
    private const string OfTenant = "tenant = @tenant";
    private const string OfActor = "tenant = @tenant AND actor_id = @actorId";

    private const string PointsColumns = "(tenant, day, actor_id, course_id, points)";
    private const string LevelsColumns = "(tenant, actor_id, course_id, level, first_day)";
    private const string CompletionsColumns = "(tenant, day, module_id, actor_id, course_id)";

    public static readonly SqlText MergeBatchPoints = SqlText.PerProvider(
        $"INSERT INTO analytics_points {PointsColumns} {PointsFromFacts(InBatch)} " +
        "ON CONFLICT (tenant, day, actor_id, course_id) DO UPDATE SET points = analytics_points.points + excluded.points",
        $"INSERT INTO analytics_points {PointsColumns} {PointsFromFacts(InBatch)} " +
        "ON CONFLICT (tenant, day, actor_id, course_id) DO UPDATE SET points = analytics_points.points + excluded.points",
        $"MERGE analytics_points WITH (HOLDLOCK) AS t USING ({PointsFromFacts(InBatch)}) AS b {PointsColumns} " +
        "ON t.tenant = b.tenant AND t.day = b.day AND t.actor_id = b.actor_id AND t.course_id = b.course_id " +
        "WHEN MATCHED THEN UPDATE SET points = t.points + b.points " +
        $"WHEN NOT MATCHED THEN INSERT {PointsColumns} VALUES (b.tenant, b.day, b.actor_id, b.course_id, b.points);");

    public static readonly SqlText MergeBatchLevels = SqlText.PerProvider(
        $"INSERT INTO analytics_levels {LevelsColumns} {LevelsFromFacts(InBatch)} " +
        "ON CONFLICT (tenant, actor_id, course_id, level) DO UPDATE SET first_day = " +
        "CASE WHEN excluded.first_day < analytics_levels.first_day THEN excluded.first_day ELSE analytics_levels.first_day END",
        $"INSERT INTO analytics_levels {LevelsColumns} {LevelsFromFacts(InBatch)} " +
        "ON CONFLICT (tenant, actor_id, course_id, level) DO UPDATE SET first_day = " +
        "CASE WHEN excluded.first_day < analytics_levels.first_day THEN excluded.first_day ELSE analytics_levels.first_day END",
        $"MERGE analytics_levels WITH (HOLDLOCK) AS t USING ({LevelsFromFacts(InBatch)}) AS b {LevelsColumns} " +
        "ON t.tenant = b.tenant AND t.actor_id = b.actor_id AND t.course_id = b.course_id AND t.level = b.level " +
        "WHEN MATCHED AND b.first_day < t.first_day THEN UPDATE SET first_day = b.first_day " +
        $"WHEN NOT MATCHED THEN INSERT {LevelsColumns} VALUES (b.tenant, b.actor_id, b.course_id, b.level, b.first_day);");

    public static readonly SqlText MergeBatchCompletions = SqlText.PerProvider(
        $"INSERT INTO analytics_completions {CompletionsColumns} {CompletionsFromFacts(InBatch)} ON CONFLICT DO NOTHING",
        $"INSERT INTO analytics_completions {CompletionsColumns} {CompletionsFromFacts(InBatch)} ON CONFLICT DO NOTHING",
        $"INSERT INTO analytics_completions {CompletionsColumns} {CompletionsFromFacts(InBatch)} AND NOT EXISTS (SELECT 1 FROM analytics_completions c WITH (UPDLOCK, HOLDLOCK) " +
        "WHERE c.tenant = analytics_facts.tenant AND c.day = analytics_facts.day AND c.module_id = analytics_facts.module_id " +
        "AND c.actor_id = analytics_facts.actor_id AND c.course_id = COALESCE(analytics_facts.course_id, ''))");

    /// <summary>The statements that derive every chart rollup of a tenant again, in order: three deletes, then three inserts.</summary>
    public static readonly IReadOnlyList<SqlText> RebuildTenant = Rederive(OfTenant);

    /// <summary>The statements that derive the chart rollup rows of one learner again, after facts of the learner were deleted.</summary>
    public static readonly IReadOnlyList<SqlText> RederiveActor = Rederive(OfActor);

    // The learners behind points, level and completion facts of statements voided since they were projected.
    public static readonly SqlText FindVoidedActors = SqlText.Portable(
        "SELECT DISTINCT actor_id FROM analytics_facts " +
        "WHERE tenant = @tenant AND kind IN (3, 7, 8) AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");

    private static string PointsFromFacts(string where) =>
        "SELECT tenant, day, actor_id, COALESCE(course_id, ''), COALESCE(SUM(amount), 0) " +
        $"FROM analytics_facts WHERE {where} AND kind = 7 GROUP BY tenant, day, actor_id, COALESCE(course_id, '')";

    private static string LevelsFromFacts(string where) =>
        "SELECT tenant, actor_id, COALESCE(course_id, ''), amount, MIN(day) " +
        $"FROM analytics_facts WHERE {where} AND kind = 8 AND amount IS NOT NULL GROUP BY tenant, actor_id, COALESCE(course_id, ''), amount";

    private static string CompletionsFromFacts(string where) =>
        "SELECT DISTINCT tenant, day, module_id, actor_id, COALESCE(course_id, '') " +
        $"FROM analytics_facts WHERE {where} AND kind = 3 AND module_id IS NOT NULL";

    private static SqlText[] Rederive(string where) =>
    [
        SqlText.Portable($"DELETE FROM analytics_points WHERE {where}"),
        SqlText.Portable($"DELETE FROM analytics_levels WHERE {where}"),
        SqlText.Portable($"DELETE FROM analytics_completions WHERE {where}"),
        SqlText.Portable($"INSERT INTO analytics_points {PointsColumns} {PointsFromFacts(where)}"),
        SqlText.Portable($"INSERT INTO analytics_levels {LevelsColumns} {LevelsFromFacts(where)}"),
        SqlText.Portable($"INSERT INTO analytics_completions {CompletionsColumns} {CompletionsFromFacts(where)}"),
    ];
}
