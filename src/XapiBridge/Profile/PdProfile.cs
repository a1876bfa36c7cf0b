using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Profile;

/// <summary>
/// The IRIs of the LtiPd professional-development xAPI profile (docs/xapi-profile.md). Verbs and
/// activity types come from the ADL, Activity Streams and TinCan registries where one fits; the
/// rest live under <see cref="Namespace"/>. These values are part of the data districts keep in
/// their LRSs: never change one, add a new IRI instead.
/// </summary>
public static class PdProfile
{
    /// <summary>The namespace of LtiPd's own profile IRIs.</summary>
    /// <remarks>NOTE: w3id.org/ltipd is not registered yet, so these IRIs do not resolve.</remarks>
    public const string Namespace = "https://w3id.org/ltipd/xapi";

    /// <summary>The profile IRI, sent as a category context activity on every statement.</summary>
    public const string Iri = Namespace + "/profile/1.0";

    /// <summary>The verbs of the profile.</summary>
    public static class Verbs
    {
        /// <summary>ADL: the learner opened a module from the LMS (an LTI launch).</summary>
        public const string Launched = XapiVerbs.Launched;

        /// <summary>ADL: the learner viewed or read a content item.</summary>
        public const string Experienced = XapiVerbs.Experienced;

        /// <summary>ADL: the learner answered a question.</summary>
        public const string Answered = XapiVerbs.Answered;

        /// <summary>ADL: the learner finished a module, course or pathway.</summary>
        public const string Completed = XapiVerbs.Completed;

        /// <summary>ADL: the learner reached the passing score of an assessment.</summary>
        public const string Passed = XapiVerbs.Passed;

        /// <summary>ADL: the learner fell short of the passing score of an assessment.</summary>
        public const string Failed = XapiVerbs.Failed;

        /// <summary>Activity Streams: the learner submitted evidence of practice.</summary>
        public const string Submitted = "http://activitystrea.ms/schema/1.0/submit";

        /// <summary>Activity Streams: a reviewer accepted submitted evidence.</summary>
        public const string Approved = "http://activitystrea.ms/schema/1.0/approve";

        /// <summary>LtiPd: a reviewer sent evidence back for revision. No registry verb means "returned for revision".</summary>
        public const string Returned = Namespace + "/verbs/returned";

        /// <summary>TinCan registry: the learner earned points or a badge.</summary>
        public const string Earned = "http://id.tincanapi.com/verb/earned";

        /// <summary>LtiPd: the learner reached a gamification level.</summary>
        public const string ReachedLevel = Namespace + "/verbs/reached-level";

        /// <summary>ADL: the learner attended a live session, as a PD leader recorded it.</summary>
        public const string Attended = "http://adlnet.gov/expapi/verbs/attended";
    }

    /// <summary>The activity types of the profile.</summary>
    public static class ActivityTypes
    {
        /// <summary>ADL: a course (an LTI context).</summary>
        public const string Course = "http://adlnet.gov/expapi/activities/course";

        /// <summary>ADL: a module of a course (an LTI resource link).</summary>
        public const string Module = "http://adlnet.gov/expapi/activities/module";

        /// <summary>ADL: a content item of a module.</summary>
        public const string Lesson = "http://adlnet.gov/expapi/activities/lesson";

        /// <summary>ADL: a graded assessment.</summary>
        public const string Assessment = "http://adlnet.gov/expapi/activities/assessment";

        /// <summary>ADL: a question with interaction details.</summary>
        public const string Question = "http://adlnet.gov/expapi/activities/cmi.interaction";

        /// <summary>ADL: an xAPI profile, used as a category.</summary>
        public const string Profile = "http://adlnet.gov/expapi/activities/profile";

        /// <summary>LtiPd: a pathway, a sequence of courses towards a goal.</summary>
        public const string Pathway = Namespace + "/activities/pathway";

        /// <summary>LtiPd: one piece of evidence of practice a learner submitted.</summary>
        public const string Evidence = Namespace + "/activities/evidence";

        /// <summary>LtiPd: the points balance of a learner in a course.</summary>
        public const string Points = Namespace + "/activities/points";

        /// <summary>LtiPd: a gamification level.</summary>
        public const string Level = Namespace + "/activities/level";

        /// <summary>Activity Streams: a badge.</summary>
        public const string Badge = "http://activitystrea.ms/schema/1.0/badge";

        /// <summary>
        /// LtiPd: a reflection prompt of a module. It keeps the IRI the gamification engine's
        /// reflection rule matched before the profile had the type, outside the profile's namespace.
        /// </summary>
        public const string Reflection = "https://ltipd.org/xapi/activities/reflection";

        /// <summary>ADL: a meeting, here a live PD session of a course.</summary>
        public const string LiveSession = "http://adlnet.gov/expapi/activities/meeting";
    }

    /// <summary>The extension keys of the profile.</summary>
    public static class Extensions
    {
        /// <summary>Context: the district id in LtiPd.</summary>
        public const string DistrictId = Namespace + "/extensions/district-id";

        /// <summary>Context: the LTI deployment id.</summary>
        public const string LtiDeploymentId = Namespace + "/extensions/lti-deployment-id";

        /// <summary>Context: the LTI context (course) id.</summary>
        public const string LtiContextId = Namespace + "/extensions/lti-context-id";

        /// <summary>Context: the LTI resource link id.</summary>
        public const string LtiResourceLinkId = Namespace + "/extensions/lti-resource-link-id";

        /// <summary>
        /// Context: the learner's school id. The gamification engine groups school leaderboards by
        /// it, so it keeps the IRI the engine matches, outside the profile's namespace.
        /// </summary>
        public const string School = "https://ltipd.org/xapi/extensions/school";

        /// <summary>Result: the points balance after the award (integer).</summary>
        public const string TotalPoints = Namespace + "/extensions/total-points";

        /// <summary>Result: the level number reached (integer).</summary>
        public const string Level = Namespace + "/extensions/level";

        /// <summary>
        /// Result: the length in characters (UTF-16 code units) of the learner's whole text
        /// (integer). A value above the length of <c>result.response</c> shows that the response
        /// was cut to <see cref="PdStatements.MaxResponseLength"/>.
        /// </summary>
        public const string ResponseLength = Namespace + "/extensions/response-length";

        /// <summary>Result: why points were awarded (string, such as <c>module-completed</c>).</summary>
        public const string PointsReason = Namespace + "/extensions/points-reason";
    }

    /// <summary>The attachment usage types of the profile.</summary>
    public static class AttachmentUsageTypes
    {
        /// <summary>The file of a piece of evidence.</summary>
        public const string Evidence = Namespace + "/attachments/evidence";
    }

    /// <summary>The roles of xAPI 2.0 context agents in the profile.</summary>
    public static class Roles
    {
        /// <summary>The learner whose evidence a reviewer approved or returned.</summary>
        public const string Learner = Namespace + "/roles/learner";
    }
}
