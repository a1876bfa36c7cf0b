using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.XapiBridge.Profile;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Builds the PD profile statements of evidence: submitted (the learner is the actor) and
/// approved or returned (the reviewer is the actor, the submission is <c>context.statement</c>).
/// Event ids are the submission id and revision, so a retried write builds the same statement id.
/// </summary>
internal sealed class EvidenceStatements
{
    private readonly PdStatements _statements;
    private readonly string _base;

    public EvidenceStatements(IOptions<LtiOptions> ltiOptions)
    {
        var configured = ltiOptions.Value.PublicBaseUrl;
        _base = (string.IsNullOrEmpty(configured) ? XapiLearningEventSink.FallbackActivityBaseIri : configured).TrimEnd('/');
        _statements = new PdStatements(new PdStatementsOptions { ActivityBaseIri = new Uri(_base + "/", UriKind.Absolute) });
    }

    /// <summary>Returns the path of a revision's file download, relative to the tool's origin.</summary>
    public static string FilePath(string submissionId, int revision) =>
        $"/app/evidence/{Uri.EscapeDataString(submissionId)}/revisions/{revision.ToString(CultureInfo.InvariantCulture)}/file";

    public Statement Submitted(
        LearnerRecord learner, string? contextRef, string registrationId, CatalogModule module, CatalogActivity activity,
        string submissionId, int revision, StoredEvidenceFile? file, DateTimeOffset occurredAt, TimeSpan? duration)
    {
        var evidenceFile = file is null
            ? null
            : new PdEvidenceFile(file.ContentType, file.Length, file.Sha256, new Uri(_base + FilePath(submissionId, revision), UriKind.Absolute));
        return _statements.SubmittedEvidence(
            EventId(submissionId, revision),
            learner.Person,
            Context(learner, contextRef, registrationId, module, occurredAt),
            new PdEvidence(submissionId, activity.Title, evidenceFile),
            duration);
    }

    // NOTE: the gamification engine credits a statement's points to its actor, so the default
    // "evidence" rule (50 points on approve) credits the reviewer, not the learner, until the
    // engine reads the learner from context.statement or the xAPI 2.0 context agent.
    public Statement Reviewed(
        LearnerRecord reviewer, LearnerRecord learner, string? contextRef, string registrationId, CatalogModule module, CatalogActivity activity,
        string submissionId, int revision, bool approved, string feedback, DateTimeOffset occurredAt) =>
        _statements.ReviewedEvidence(
            EventId(submissionId, revision),
            reviewer.Person,
            learner.Person,
            Context(learner, contextRef, registrationId, module, occurredAt),
            new PdEvidence(submissionId, activity.Title),
            EventId(submissionId, revision),
            approved,
            feedback);

    private static string EventId(string submissionId, int revision) =>
        $"{submissionId}\n{revision.ToString(CultureInfo.InvariantCulture)}";

    // The same context the learning sink gives the learner's other steps, so every statement of
    // the module shares its course, module and registration.
    private static PdEventContext Context(LearnerRecord learner, string? contextRef, string registrationId, CatalogModule module, DateTimeOffset occurredAt) => new()
    {
        DistrictId = learner.DistrictId,
        Registration = PdStatements.RegistrationFor(learner.DistrictId, learner.Person, learner.LtiContextId ?? string.Empty),
        CourseId = contextRef ?? registrationId,
        CourseName = learner.CourseTitle,
        ModuleId = module.Id,
        ModuleName = module.Title,
        LtiDeploymentId = learner.LtiDeploymentId,
        LtiContextId = learner.LtiContextId,
        Language = "en-US",
        Timestamp = occurredAt,
    };
}
