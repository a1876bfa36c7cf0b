using LtiPd.XapiBridge.Profile;

namespace LtiPd.LtiTool.Learning;

/// <summary>What the xAPI statements of one learner step need from the launch data.</summary>
/// <param name="DistrictId">The district that owns the learner's registration, which is also the embedded LRS tenant.</param>
/// <param name="Person">The learner as LTI names them: platform issuer and <c>sub</c>.</param>
/// <param name="LtiContextId">The LMS course id, or null when the step has no course.</param>
/// <param name="LtiDeploymentId">The LTI deployment of the course, or null when the step has no course.</param>
/// <param name="CourseTitle">The LMS course title, when known.</param>
/// <param name="SchoolId">The learner's school id, when a launch parameter or a roster import set one.</param>
internal sealed record LearnerRecord(string DistrictId, PdPerson Person, string? LtiContextId, string? LtiDeploymentId, string? CourseTitle, string? SchoolId = null);
