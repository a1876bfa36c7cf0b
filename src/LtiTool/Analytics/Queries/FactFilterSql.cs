using System.Globalization;
using System.Text;
using Dapper;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Builds the FROM and WHERE text that applies a <see cref="DashboardFilter"/> to
/// <c>analytics_facts</c>. The text is made of constant fragments only; every value travels as a
/// parameter.
/// </summary>
internal sealed class FactFilterSql
{
    private FactFilterSql(string from, string where, DynamicParameters parameters)
    {
        From = from;
        Where = where;
        Parameters = parameters;
    }

    /// <summary>The FROM clause body: the facts or rollup under the alias given to <see cref="For"/>.</summary>
    public string From { get; }

    /// <summary>The WHERE conditions, starting with the tenant, joined by AND.</summary>
    public string Where { get; }

    /// <summary>The tenant, day range and filter values.</summary>
    public DynamicParameters Parameters { get; }

    /// <summary>
    /// Builds the filter for facts of <paramref name="kinds"/> (an IN list of constants) of
    /// <paramref name="tenant"/>; with <paramref name="kinds"/> null it filters a rollup
    /// <paramref name="table"/> with the same tenant, course, module and actor columns and leaves
    /// the day range to the caller. <paramref name="dayRange"/> false leaves the start day out, for
    /// figures that count everything up to the end of the range. <paramref name="shared"/> is the
    /// parameter set of an outer query this filter is a subquery of. With <paramref name="learners"/>
    /// the school and role filters read that set of actor ids; without it they read the people
    /// tables in a subquery. <paramref name="learnerIndex"/> false writes the set's condition on
    /// <c>+actor_id</c>, which keeps the database from searching an actor index once per learner
    /// when the other conditions select far fewer rows than the learners have.
    /// </summary>
    public static FactFilterSql For(
        string tenant,
        DashboardFilter filter,
        string alias,
        string? kinds,
        bool dayRange = true,
        bool module = true,
        bool person = true,
        DynamicParameters? shared = null,
        string table = "analytics_facts",
        DashboardLearners? learners = null,
        bool learnerIndex = true)
    {
        // A subquery shares its outer query's parameters; Add replaces a name with the same value.
        var parameters = shared ?? new DynamicParameters();
        parameters.Add("tenant", tenant);
        parameters.Add("fromDay", filter.FromDay);
        parameters.Add("toDay", filter.ToDay);
        var where = new StringBuilder($"{alias}.tenant = @tenant");
        if (kinds is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {alias}.kind IN ({kinds}) AND {alias}.day <= @toDay");
        }

        if (kinds is not null && dayRange)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {alias}.day >= @fromDay");
        }

        if (filter.CourseId is not null)
        {
            parameters.Add("course", filter.CourseId);
            where.Append(CultureInfo.InvariantCulture, $" AND {alias}.course_id = @course");
        }

        if (module && filter.ModuleId is not null)
        {
            parameters.Add("module", filter.ModuleId);
            where.Append(CultureInfo.InvariantCulture, $" AND {alias}.module_id = @module");
        }

        if (person)
        {
            var actorId = learnerIndex ? $"{alias}.actor_id" : $"+{alias}.actor_id";
            where.Append(learners is null ? PersonConditions(filter, parameters, actorId) : learners.Condition(actorId, parameters));
        }

        return new FactFilterSql($"{table} {alias}", where.ToString(), parameters);
    }

    /// <summary>Builds the FROM and WHERE text that selects the actors (alias <c>a</c>) of <paramref name="tenant"/> that the school and role filters match.</summary>
    public static FactFilterSql Learners(string tenant, DashboardFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        if (filter.CourseId is not null)
        {
            // The role condition counts only the roster of the filtered course.
            parameters.Add("course", filter.CourseId);
        }

        var where = "a.tenant = @tenant" + PersonConditions(filter, parameters, "a.actor_id");
        return new FactFilterSql("analytics_actors a", where, parameters);
    }

    // The school and role conditions select the actor ids of the matching people first, so the
    // database can read a rollup through its (tenant, actor_id) index for those actors only and
    // not every row in the range.
    private static string PersonConditions(DashboardFilter filter, DynamicParameters parameters, string actorIdColumn)
    {
        var conditions = new StringBuilder();
        if (filter.SchoolId is not null)
        {
            parameters.Add("school", filter.SchoolId);
            conditions.Append(CultureInfo.InvariantCulture, $" AND {actorIdColumn} IN (SELECT sa.actor_id FROM analytics_actors sa JOIN lti_users su ON su.id = sa.user_ref ");
            conditions.Append("JOIN platform_registrations sr ON sr.id = su.registration_id WHERE sa.tenant = @tenant AND sr.district_id = @tenant AND su.school_id = @school)");
        }

        if (filter.Role is { } role)
        {
            parameters.Add("role", role.ToString());
            conditions.Append(CultureInfo.InvariantCulture, $" AND {actorIdColumn} IN (SELECT rma.actor_id FROM analytics_actors rma JOIN lti_users ru ON ru.id = rma.user_ref ");
            conditions.Append("JOIN platform_registrations rr ON rr.id = ru.registration_id ");
            conditions.Append("JOIN roster_members rm ON rm.registration_id = ru.registration_id AND rm.subject = ru.subject ");
            conditions.Append("WHERE rma.tenant = @tenant AND rr.district_id = @tenant AND rm.role = @role");
            if (filter.CourseId is not null)
            {
                conditions.Append(" AND rm.context_ref = @course");
            }

            conditions.Append(')');
        }

        return conditions.ToString();
    }
}
