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

    public static readonly SqlText ReadBatch = SqlText.PerProvider(
        "SELECT seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND voided = 0 ORDER BY seq LIMIT @take",
        "SELECT seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND voided = 0 ORDER BY seq LIMIT @take",
        "SELECT TOP (@take) seq AS Seq, tenant AS Tenant, statement_json AS StatementJson FROM lrs_statements WHERE seq > @after AND voided = 0 ORDER BY seq");

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

    // A user is found by the issuer of a registration of the actor's district and the LTI sub.
    // MIN picks one when two registrations of the district share an issuer and both know the sub.
    public static readonly SqlText ResolveUsers = SqlText.Portable(
        "UPDATE analytics_actors SET user_ref = (" +
        "SELECT MIN(u.id) FROM lti_users u JOIN platform_registrations r ON r.id = u.registration_id " +
        "WHERE r.district_id = analytics_actors.tenant AND r.issuer = analytics_actors.home_page AND u.subject = analytics_actors.account_name) " +
        "WHERE tenant = @tenant AND user_ref IS NULL AND home_page IS NOT NULL");

    public static readonly SqlText DeleteVoided = SqlText.Portable(
        "DELETE FROM analytics_facts WHERE tenant = @tenant AND seq IN (SELECT seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1)");
}
