using System.Data.Common;
using Dapper;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.Storage;
using GradeEvidenceReview = LtiPd.LtiTool.Services.Grades.EvidenceReview;
using GradeEvidenceStatus = LtiPd.LtiTool.Services.Grades.EvidenceStatus;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Reports a learner's evidence review state in a module to grade sync, read from the evidence
/// tables. A version that waits for a PD leader makes the grade pending manual review. A
/// returned version carries the reviewer's feedback, and approval of every evidence activity
/// makes the grade final.
/// </summary>
internal sealed class ReviewEvidenceStatusSource : IEvidenceStatusSource
{
    // The current revision has a review row once a leader decided it. A submitted or resubmitted
    // version has none yet.
    private static readonly SqlText SelectSql = SqlText.Portable(
        "SELECT s.status AS Status, s.updated_at_ms AS UpdatedAtMs, r.feedback AS Feedback FROM evidence_submissions s " +
        "LEFT JOIN evidence_reviews r ON r.submission_id = s.id AND r.revision = s.revision " +
        "WHERE s.registration_id = @RegistrationId AND s.user_ref = @UserId AND s.module_id = @ModuleId " +
        // Only the latest cycle counts: evidence approved in an earlier cycle of a recurring
        // module does not make the new cycle's grade final.
        "AND s.cycle_start_ms = (SELECT MAX(c.cycle_start_ms) FROM evidence_submissions c " +
        "WHERE c.registration_id = s.registration_id AND c.user_ref = s.user_ref AND c.module_id = s.module_id)");

    private readonly Database _database;

    public ReviewEvidenceStatusSource(Database database)
    {
        _database = database;
    }

    public async Task<GradeEvidenceReview> GetAsync(
        DbConnection connection, DbTransaction? transaction, string registrationId, string userId, string moduleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = (await connection.QueryAsync<Row>(_database.Command(
            SelectSql, new { RegistrationId = registrationId, UserId = userId, ModuleId = moduleId }, cancellationToken, transaction))).ToList();
        if (rows.Count == 0)
        {
            return GradeEvidenceReview.None;
        }

        if (rows.Any(row => row.Status is nameof(EvidenceStatus.Submitted) or nameof(EvidenceStatus.Resubmitted)))
        {
            return new GradeEvidenceReview(GradeEvidenceStatus.AwaitingReview, null);
        }

        var returned = rows.Where(row => row.Status == nameof(EvidenceStatus.Returned)).MaxBy(row => row.UpdatedAtMs);
        if (returned is not null)
        {
            return new GradeEvidenceReview(GradeEvidenceStatus.Returned, returned.Feedback);
        }

        return new GradeEvidenceReview(GradeEvidenceStatus.Approved, rows.MaxBy(row => row.UpdatedAtMs)!.Feedback);
    }

    private sealed class Row
    {
        public string Status { get; set; } = "";

        public long UpdatedAtMs { get; set; }

        public string? Feedback { get; set; }
    }
}
