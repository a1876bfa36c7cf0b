namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's one course, "PD Sandbox": its people and its placements of the tool. The
/// roles follow what Canvas sends: the course role as a membership URI, plus institution roles
/// from the person's other enrollments and the system role <c>User</c>.
/// </summary>
public static class SandboxCourse
{
    /// <summary>The course's context id.</summary>
    public const string ContextId = "pd-sandbox";

    /// <summary>The course's short label.</summary>
    public const string Label = "PD-SANDBOX";

    /// <summary>The course's title.</summary>
    public const string Title = "PD Sandbox";

    /// <summary>The LIS context type of a course offering, as Canvas sends it.</summary>
    public const string CourseOfferingType = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";

    private const string Membership = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    private const string Institution = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
    private const string SystemUser = "http://purl.imsglobal.org/vocab/lis/v2/system/person#User";

    /// <summary>The enrolled people, in the order the page lists them.</summary>
    public static IReadOnlyList<DevPerson> People { get; } =
    [
        new(
            "dev-teacher-maya",
            "Maya",
            "Okafor",
            "maya.okafor@sandbox.example.org",
            "Teacher, grade 4: takes PD",
            [Membership + "Learner"],
            [Institution + "Instructor", Institution + "Student", SystemUser]),
        new(
            "dev-para-luis",
            "Luis",
            "Herrera",
            "luis.herrera@sandbox.example.org",
            "Paraeducator: takes PD",
            [Membership + "Learner"],
            [Institution + "Staff", Institution + "Student", SystemUser]),
        new(
            "dev-leader-priya",
            "Priya",
            "Raman",
            "priya.raman@sandbox.example.org",
            "PD leader: teaches the PD course",
            [Membership + "Instructor"],
            [Institution + "Instructor", Institution + "Faculty", SystemUser]),
        new(
            "dev-admin-dana",
            "Dana",
            "Whitfield",
            "dana.whitfield@sandbox.example.org",
            "District admin: manages the LMS account",
            [Membership + "Administrator"],
            [Institution + "Administrator", SystemUser]),
    ];

    /// <summary>The tool's placements in the course. The first one is launched when none is chosen.</summary>
    public static IReadOnlyList<DevResourceLink> ResourceLinks { get; } =
    [
        new(
            "pd-activity-coaching",
            "Instructional coaching cycle",
            "Plan, observe and reflect on one lesson with a coach.",
            IsDeepLinking: false,
            ToolPath: "/app",
            LineItemId: "line-item-coaching",
            ScoreMaximum: 10,
            new Dictionary<string, string> { ["pd_activity"] = "coaching-cycle", ["pd_credit_hours"] = "3" }),
        new(
            "pd-activity-literacy",
            "Structured literacy module",
            "Complete the phonics routines module and upload a lesson artifact.",
            IsDeepLinking: false,
            ToolPath: "/app",
            LineItemId: "line-item-literacy",
            ScoreMaximum: 100,

            // ltipd_module names the catalog module whose grade goes to this link's column, as
            // LtiPd's deep links set it.
            new Dictionary<string, string> { ["pd_activity"] = "structured-literacy", ["pd_credit_hours"] = "6", ["ltipd_module"] = "formative-assessment" }),
        new(
            "placement-add-pd",
            "Add PD activity (deep linking)",
            "Pick PD activities to add to the course.",
            IsDeepLinking: true,
            ToolPath: "/app/deep-linking",
            LineItemId: null,
            ScoreMaximum: 0,
            new Dictionary<string, string>()),
    ];

    /// <summary>Finds a person by id, or null.</summary>
    public static DevPerson? FindPerson(string? id) => People.FirstOrDefault(person => person.Id == id);

    /// <summary>Finds a resource link by id, or null.</summary>
    public static DevResourceLink? FindResourceLink(string? id) => ResourceLinks.FirstOrDefault(link => link.Id == id);
}
