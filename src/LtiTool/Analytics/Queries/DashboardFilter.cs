using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>The validated filters of one dashboard request. Dates are whole UTC days, both ends included.</summary>
/// <param name="From">The first day counted.</param>
/// <param name="To">The last day counted.</param>
/// <param name="SchoolId">Only learners of this school, or every school.</param>
/// <param name="CourseId">Only steps in this course (our <c>lti_contexts.id</c>), or every course.</param>
/// <param name="ModuleId">Only steps in this catalog module, or every module.</param>
/// <param name="Role">Only people with this role in a course roster, or everyone.</param>
internal sealed record DashboardFilter(DateOnly From, DateOnly To, string? SchoolId, string? CourseId, string? ModuleId, PdRole? Role)
{
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The first day as whole days since 1970-01-01, the unit of <c>analytics_facts.day</c>.</summary>
    public int FromDay => From.DayNumber - EpochDayNumber;

    /// <summary>The last day as whole days since 1970-01-01.</summary>
    public int ToDay => To.DayNumber - EpochDayNumber;

    /// <summary>Returns the date of a day number of <c>analytics_facts.day</c>.</summary>
    public static DateOnly DateOfDay(int day) => DateOnly.FromDayNumber(EpochDayNumber + day);
}
