namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>A recorded live session with who is present now and how the record was corrected.</summary>
/// <param name="Session">The session.</param>
/// <param name="Present">The LTI subjects of the learners recorded as present.</param>
/// <param name="Corrections">The corrections, oldest first.</param>
internal sealed record LiveSessionDetail(LiveSession Session, IReadOnlySet<string> Present, IReadOnlyList<LiveSessionCorrection> Corrections);
