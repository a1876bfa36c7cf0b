namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>One correction of a session's attendance.</summary>
/// <param name="Subject">The learner's LTI subject.</param>
/// <param name="Action"><c>absent</c> or <c>present</c>.</param>
/// <param name="Reason">Why the leader changed the record.</param>
/// <param name="CorrectedBy">The leader's name, or their user id when no name is known.</param>
/// <param name="CorrectedAt">When the correction was made.</param>
internal sealed record LiveSessionCorrection(string Subject, string Action, string Reason, string CorrectedBy, DateTimeOffset CorrectedAt);
