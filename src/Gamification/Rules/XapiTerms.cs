namespace LtiPd.Gamification.Rules;

/// <summary>
/// The xAPI IRIs the default rules match and the award statements use: the terms of the LtiPd PD
/// profile that XapiBridge writes (docs/xapi-profile.md), ADL and Tin Can registry terms where
/// one exists and LtiPd's own under <c>https://w3id.org/ltipd/xapi</c> otherwise.
/// </summary>
// NOTE: the engine does not reference XapiBridge, so these strings repeat PdProfile's values.
// Reflection and school keep IRIs outside the profile's namespace, which the profile adopted as they were.
public static class XapiTerms
{
    /// <summary>ADL verb: completed.</summary>
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    /// <summary>ADL verb: experienced. The profile sends it when a learner finishes a content item (a micro-lesson).</summary>
    public const string Experienced = "http://adlnet.gov/expapi/verbs/experienced";

    /// <summary>ADL verb: passed.</summary>
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";

    /// <summary>Activity Streams verb: submit.</summary>
    public const string Submitted = "http://activitystrea.ms/schema/1.0/submit";

    /// <summary>ADL verb: attended (a PD leader recorded the teacher at a live session).</summary>
    public const string Attended = "http://adlnet.gov/expapi/verbs/attended";

    /// <summary>Activity Streams verb: approve (a reviewer accepted evidence).</summary>
    public const string Approved = "http://activitystrea.ms/schema/1.0/approve";

    /// <summary>LtiPd verb: returned (a reviewer sent evidence back for revision).</summary>
    public const string Returned = "https://w3id.org/ltipd/xapi/verbs/returned";

    /// <summary>LtiPd role of a context agent: the learner a review statement is about.</summary>
    public const string LearnerRole = "https://w3id.org/ltipd/xapi/roles/learner";

    /// <summary>
    /// Whether <paramref name="verbId"/> is a review verb, whose actor is the reviewer: the points
    /// it earns belong to the learner whose submission <c>context.statement</c> names.
    /// </summary>
    public static bool IsReview(string verbId) => verbId is Approved or Returned;

    /// <summary>Tin Can registry verb: earned (points, a level or a badge).</summary>
    public const string Earned = "http://id.tincanapi.com/verb/earned";

    /// <summary>ADL activity type: lesson (a micro-lesson).</summary>
    public const string LessonType = "http://adlnet.gov/expapi/activities/lesson";

    /// <summary>ADL activity type: assessment (a knowledge check).</summary>
    public const string AssessmentType = "http://adlnet.gov/expapi/activities/assessment";

    /// <summary>ADL activity type: module.</summary>
    public const string ModuleType = "http://adlnet.gov/expapi/activities/module";

    /// <summary>LtiPd activity type: reflection.</summary>
    public const string ReflectionType = "https://ltipd.org/xapi/activities/reflection";

    /// <summary>LtiPd activity type: evidence of practice.</summary>
    public const string EvidenceType = "https://w3id.org/ltipd/xapi/activities/evidence";

    /// <summary>ADL activity type: meeting (a live PD session of a course).</summary>
    public const string LiveSessionType = "http://adlnet.gov/expapi/activities/meeting";

    /// <summary>LtiPd activity type: pathway (a sequence of modules).</summary>
    public const string PathwayType = "https://w3id.org/ltipd/xapi/activities/pathway";

    /// <summary>LtiPd activity types of the award statements.</summary>
    public const string PointsType = "https://w3id.org/ltipd/xapi/activities/points";

    /// <summary>LtiPd activity type of a level.</summary>
    public const string LevelType = "https://w3id.org/ltipd/xapi/activities/level";

    /// <summary>Tin Can registry activity type: badge.</summary>
    public const string BadgeType = "http://activitystrea.ms/schema/1.0/badge";

    /// <summary>LtiPd context extension: district id (the tenant).</summary>
    public const string DistrictExtension = "https://w3id.org/ltipd/xapi/extensions/district-id";

    /// <summary>LtiPd context extension: school id.</summary>
    public const string SchoolExtension = "https://ltipd.org/xapi/extensions/school";

    /// <summary>LtiPd context extension: LMS course id (the LTI context id).</summary>
    public const string CourseExtension = "https://w3id.org/ltipd/xapi/extensions/lti-context-id";
}
