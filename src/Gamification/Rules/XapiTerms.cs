namespace LtiPd.Gamification.Rules;

/// <summary>
/// The xAPI IRIs the default rules match and the award statements use. ADL and Tin Can registry
/// terms where one exists; LtiPd's own terms under <c>https://ltipd.org/xapi/</c> otherwise.
/// </summary>
// NOTE: the LtiPd-owned IRIs must match the vocabulary XapiBridge writes, which was not final when
// they were chosen. A district rule set can override them, so a mismatch costs configuration.
public static class XapiTerms
{
    /// <summary>ADL verb: completed.</summary>
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    /// <summary>ADL verb: passed.</summary>
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";

    /// <summary>Activity Streams verb: submit.</summary>
    public const string Submitted = "http://activitystrea.ms/schema/1.0/submit";

    /// <summary>LtiPd verb: a reviewer approved the actor's evidence.</summary>
    public const string Approved = "https://ltipd.org/xapi/verbs/approved";

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
    public const string EvidenceType = "https://ltipd.org/xapi/activities/evidence";

    /// <summary>LtiPd activity type: pathway (a sequence of modules).</summary>
    public const string PathwayType = "https://ltipd.org/xapi/activities/pathway";

    /// <summary>LtiPd activity types of the award statements.</summary>
    public const string PointsType = "https://ltipd.org/xapi/activities/points";

    /// <summary>LtiPd activity type of a level.</summary>
    public const string LevelType = "https://ltipd.org/xapi/activities/level";

    /// <summary>Tin Can registry activity type: badge.</summary>
    public const string BadgeType = "http://activitystrea.ms/schema/1.0/badge";

    /// <summary>LtiPd context extension: district id (the tenant).</summary>
    public const string DistrictExtension = "https://ltipd.org/xapi/extensions/district";

    /// <summary>LtiPd context extension: school id.</summary>
    public const string SchoolExtension = "https://ltipd.org/xapi/extensions/school";

    /// <summary>LtiPd context extension: LMS course id.</summary>
    public const string CourseExtension = "https://ltipd.org/xapi/extensions/course";
}
