using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// The SQL that keeps <c>analytics_reviews</c> (each review with the learners who submitted its
/// evidence) in line with <c>analytics_facts</c> and <c>analytics_submissions</c>: folding in one
/// projected batch, and deriving the rows of a tenant or of one evidence activity again.
/// </summary>
internal static class ReviewRollupSql
{
    private const string Columns =
        "(tenant, day, seq, actor_id, course_id, module_id, reviewer_id, kind, review_course_id, review_module_id, evidence_id)";

    // Reviews of a batch. The batch's submissions are in analytics_submissions by then.
    public static readonly SqlText InsertBatchReviews = Insert("r.seq > @after AND r.seq <= @lastSeq");

    // Submissions of a batch whose evidence was reviewed in an earlier batch.
    public static readonly SqlText InsertBatchSubmitters = Insert("s.seq > @after AND s.seq <= @lastSeq AND r.seq <= @after");

    public static readonly SqlText DeleteTenant = SqlText.Portable("DELETE FROM analytics_reviews WHERE tenant = @tenant");

    public static readonly SqlText DeriveTenant = Insert("r.tenant = @tenant");

    public static readonly SqlText DeleteEvidence = SqlText.Portable(
        "DELETE FROM analytics_reviews WHERE tenant = @tenant AND evidence_id = @evidenceId");

    public static readonly SqlText DeriveEvidence = Insert("r.tenant = @tenant AND r.evidence_id = @evidenceId");

    // Joins each review to every submission of its evidence activity. Only the first submission
    // of each submitter, course and module gives a row, so a resubmission does not count the
    // review twice. The rule replaces a DISTINCT, because without ANALYZE statistics SQLite 3.40
    // and 3.53 plan the DISTINCT join with a scan of the tenant's submissions per review.
    private static SqlText Insert(string where) => SqlText.Portable(
        $"INSERT INTO analytics_reviews {Columns} SELECT r.tenant, r.day, r.seq, s.actor_id, COALESCE(s.course_id, ''), COALESCE(s.module_id, ''), " +
        "r.actor_id, r.kind, COALESCE(r.course_id, ''), COALESCE(r.module_id, ''), r.evidence_id " +
        "FROM analytics_facts r JOIN analytics_submissions s ON s.tenant = r.tenant AND s.evidence_id = r.evidence_id " +
        $"WHERE r.kind IN (5, 6) AND {where} AND NOT EXISTS (SELECT 1 FROM analytics_submissions e " +
        "WHERE e.tenant = s.tenant AND e.evidence_id = s.evidence_id AND e.seq < s.seq AND e.actor_id = s.actor_id " +
        "AND COALESCE(e.course_id, '') = COALESCE(s.course_id, '') AND COALESCE(e.module_id, '') = COALESCE(s.module_id, ''))");
}
