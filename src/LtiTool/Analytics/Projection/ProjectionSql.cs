using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>The SQL of <see cref="AnalyticsProjector"/>.</summary>
internal static class ProjectionSql
{
    public const string StreamName = "statements";

    // Updating the row first takes its lock (the write lock on SQLite), so a second node waits
    // here until the first commits and then reads the position the first one left.
    public static readonly SqlText Lock = SqlText.Portable(
        "UPDATE analytics_projection SET updated_at_ms = @nowMs WHERE name = @name");

    public static readonly SqlText ReadPosition = SqlText.Portable(
        "SELECT last_seq FROM analytics_projection WHERE name = @name");

    public static readonly SqlText SavePosition = SqlText.Portable(
        "UPDATE analytics_projection SET last_seq = @lastSeq, updated_at_ms = @nowMs WHERE name = @name");

    public static readonly SqlText Pending = SqlText.Portable(
        "SELECT COUNT(*) FROM lrs_statements WHERE seq > (SELECT last_seq FROM analytics_projection WHERE name = @name)");

    // Bounded by the batch's lastSeq. Under READ COMMITTED on PostgreSQL and SQL Server, each
    // query of the batch reads the rows committed before it started. Statements stored after
    // LastSeqOfBatch ran would otherwise be projected now and again by the next batch, whose
    // insert then fails on the primary key of analytics_facts.
    public static readonly SqlText ReadBatch = SqlText.PerProvider(
        "SELECT seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND seq <= @lastSeq AND voided = 0 ORDER BY seq LIMIT @take",
        "SELECT seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND seq <= @lastSeq AND voided = 0 ORDER BY seq LIMIT @take",
        "SELECT TOP (@take) seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND seq <= @lastSeq AND voided = 0 ORDER BY seq");

    // The highest seq up to which the batch read everything, voided rows included, so a batch of
    // only voided statements still moves the position on.
    public static readonly SqlText LastSeqOfBatch = SqlText.PerProvider(
        "SELECT COALESCE(MAX(seq), @after) FROM (SELECT seq FROM lrs_statements WHERE seq > @after ORDER BY seq LIMIT @take) AS batch",
        "SELECT COALESCE(MAX(seq), @after) FROM (SELECT seq FROM lrs_statements WHERE seq > @after ORDER BY seq LIMIT @take) AS batch",
        "SELECT COALESCE(MAX(seq), @after) FROM (SELECT TOP (@take) seq FROM lrs_statements WHERE seq > @after ORDER BY seq) AS batch");

    public static readonly SqlText InsertActor = SqlText.Portable(
        "INSERT INTO analytics_actors (tenant, actor_hash, home_page, account_name) " +
        "SELECT @Tenant, @Hash, @HomePage, @AccountName " +
        "WHERE NOT EXISTS (SELECT 1 FROM analytics_actors WHERE tenant = @Tenant AND actor_hash = @Hash)");

    // Dapper expands a list into one parameter per item, except on Npgsql, which takes it as one
    // array parameter that PostgreSQL compares with ANY.
    public static readonly SqlText FindActors = SqlText.PerProvider(
        "SELECT actor_id AS ActorId, actor_hash AS Hash FROM analytics_actors WHERE tenant = @tenant AND actor_hash IN @hashes",
        "SELECT actor_id AS ActorId, actor_hash AS Hash FROM analytics_actors WHERE tenant = @tenant AND actor_hash = ANY(@hashes)",
        "SELECT actor_id AS ActorId, actor_hash AS Hash FROM analytics_actors WHERE tenant = @tenant AND actor_hash IN @hashes");

    public const string InsertFactPrefix =
        "INSERT INTO analytics_facts (seq, tenant, kind, occurred_at_ms, day, actor_id, course_id, module_id, module_name, evidence_id, amount) VALUES ";

    /// <summary>The VALUES row of one fact, with parameters named after its properties.</summary>
    public const string FactRow = "(@Seq, @Tenant, @Kind, @OccurredAtMs, @Day, @ActorId, @CourseId, @ModuleId, @ModuleName, @EvidenceId, @Amount)";

    public static readonly SqlText DeleteVoided = SqlText.Portable(
        "DELETE FROM analytics_facts WHERE tenant = @tenant AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");

    private const string FunnelFromFacts =
        "SELECT tenant, module_id, actor_id, COALESCE(course_id, '') AS course_id, MAX(module_name) AS module_name, MIN(day) AS launched_day, " +
        "MIN(CASE WHEN kind IN (2, 3) THEN day END) AS started_day, MIN(CASE WHEN kind = 3 THEN day END) AS completed_day FROM analytics_facts ";

    private const string FunnelGroup = " GROUP BY tenant, module_id, actor_id, COALESCE(course_id, '')";

    // The earlier of a stored first day and a batch's first day, where NULL means not reached.
    private static string Earlier(string stored, string batch) =>
        $"CASE WHEN {batch} IS NOT NULL AND ({stored} IS NULL OR {batch} < {stored}) THEN {batch} ELSE {stored} END";

    // Folds the funnel facts of one batch (seq in (@after, @lastSeq]) into analytics_funnel.
    public static readonly SqlText MergeFunnelBatch = SqlText.PerProvider(
        "INSERT INTO analytics_funnel (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day) " +
        FunnelFromFacts + "WHERE seq > @after AND seq <= @lastSeq AND kind IN (1, 2, 3) AND module_id IS NOT NULL" + FunnelGroup +
        " ON CONFLICT (tenant, module_id, actor_id, course_id) DO UPDATE SET module_name = COALESCE(excluded.module_name, analytics_funnel.module_name), " +
        $"launched_day = {Earlier("analytics_funnel.launched_day", "excluded.launched_day")}, " +
        $"started_day = {Earlier("analytics_funnel.started_day", "excluded.started_day")}, " +
        $"completed_day = {Earlier("analytics_funnel.completed_day", "excluded.completed_day")}",
        "INSERT INTO analytics_funnel (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day) " +
        FunnelFromFacts + "WHERE seq > @after AND seq <= @lastSeq AND kind IN (1, 2, 3) AND module_id IS NOT NULL" + FunnelGroup +
        " ON CONFLICT (tenant, module_id, actor_id, course_id) DO UPDATE SET module_name = COALESCE(excluded.module_name, analytics_funnel.module_name), " +
        $"launched_day = {Earlier("analytics_funnel.launched_day", "excluded.launched_day")}, " +
        $"started_day = {Earlier("analytics_funnel.started_day", "excluded.started_day")}, " +
        $"completed_day = {Earlier("analytics_funnel.completed_day", "excluded.completed_day")}",
        "MERGE analytics_funnel WITH (HOLDLOCK) AS t USING (" +
        FunnelFromFacts + "WHERE seq > @after AND seq <= @lastSeq AND kind IN (1, 2, 3) AND module_id IS NOT NULL" + FunnelGroup + ") AS b " +
        "ON t.tenant = b.tenant AND t.module_id = b.module_id AND t.actor_id = b.actor_id AND t.course_id = b.course_id " +
        "WHEN MATCHED THEN UPDATE SET module_name = COALESCE(b.module_name, t.module_name), " +
        $"launched_day = {Earlier("t.launched_day", "b.launched_day")}, started_day = {Earlier("t.started_day", "b.started_day")}, " +
        $"completed_day = {Earlier("t.completed_day", "b.completed_day")} " +
        "WHEN NOT MATCHED THEN INSERT (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day) " +
        "VALUES (b.tenant, b.module_id, b.actor_id, b.course_id, b.module_name, b.launched_day, b.started_day, b.completed_day);");

    // The learner and module of every funnel fact of a statement voided since it was projected.
    public static readonly SqlText FindVoidedFunnelRows = SqlText.Portable(
        "SELECT DISTINCT actor_id AS ActorId, module_id AS ModuleId FROM analytics_facts " +
        "WHERE tenant = @tenant AND kind IN (1, 2, 3) AND module_id IS NOT NULL AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");

    public static readonly SqlText DeleteFunnelRows = SqlText.Portable(
        "DELETE FROM analytics_funnel WHERE tenant = @tenant AND actor_id = @actorId AND module_id = @moduleId");

    public static readonly SqlText RebuildFunnelRows = SqlText.Portable(
        "INSERT INTO analytics_funnel (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day) " +
        FunnelFromFacts + "WHERE tenant = @tenant AND actor_id = @actorId AND module_id = @moduleId AND kind IN (1, 2, 3)" + FunnelGroup);
}
