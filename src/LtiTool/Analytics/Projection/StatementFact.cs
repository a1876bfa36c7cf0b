namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>The part of one stored statement the dashboards count, before its actor has an id.</summary>
/// <param name="Seq">The statement's <c>lrs_statements.seq</c>.</param>
/// <param name="Tenant">The district the statement belongs to.</param>
/// <param name="Kind">What the statement records.</param>
/// <param name="OccurredAtMs">The statement's timestamp, in Unix milliseconds UTC.</param>
/// <param name="Actor">The person who acted: the learner, or the reviewer of a review.</param>
/// <param name="CourseId">The course id from the course activity IRI, when the statement names one.</param>
/// <param name="ModuleId">The module id from the module activity IRI, when the statement names one.</param>
/// <param name="ModuleName">The module's <c>en-US</c> name, when the statement carries one.</param>
/// <param name="EvidenceId">The evidence activity IRI of a submission or review.</param>
/// <param name="Amount">The points of an award or the level reached.</param>
internal sealed record StatementFact(
    long Seq,
    string Tenant,
    FactKind Kind,
    long OccurredAtMs,
    StatementActor Actor,
    string? CourseId,
    string? ModuleId,
    string? ModuleName,
    string? EvidenceId,
    int? Amount);
