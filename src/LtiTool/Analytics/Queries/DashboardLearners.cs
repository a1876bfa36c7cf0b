using System.Globalization;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// The actor ids of the people that the school and role filters of one dashboard request select.
/// The ids are read once per request, so the chart queries filter on this list and none of them
/// joins <c>lti_users</c> and <c>roster_members</c> again.
/// </summary>
internal sealed class DashboardLearners
{
    private readonly DatabaseProvider _provider;
    private readonly Lazy<string> _json;

    private DashboardLearners(DatabaseProvider provider, IReadOnlyList<long>? actorIds)
    {
        _provider = provider;
        ActorIds = actorIds;
        _json = new(() => "[" + string.Join(',', (actorIds ?? []).Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]");
    }

    /// <summary>The set for a request without a school or role filter: every person counts.</summary>
    public static DashboardLearners Everyone { get; } = new(DatabaseProvider.Sqlite, null);

    /// <summary>The selected actor ids, or null when no school or role filter applies.</summary>
    public IReadOnlyList<long>? ActorIds { get; }

    /// <summary>Creates the set of <paramref name="actorIds"/>, written into queries in the dialect of <paramref name="provider"/>.</summary>
    public static DashboardLearners Of(DatabaseProvider provider, IReadOnlyList<long> actorIds) => new(provider, actorIds);

    /// <summary>
    /// Returns the condition " AND <paramref name="actorIdColumn"/> IN (the set)", or an empty
    /// string for <see cref="Everyone"/>. The ids travel as one parameter: a JSON array on SQLite
    /// and SQL Server, an array on PostgreSQL. A list of one parameter per id would exceed the
    /// drivers' parameter limits in a district of 50,000 teachers.
    /// </summary>
    public string Condition(string actorIdColumn, DynamicParameters parameters)
    {
        if (ActorIds is null)
        {
            return string.Empty;
        }

        if (_provider == DatabaseProvider.PostgreSql)
        {
            parameters.Add("learners", ActorIds.ToArray());
            return $" AND {actorIdColumn} = ANY(@learners)";
        }

        parameters.Add("learners", _json.Value);
        return _provider == DatabaseProvider.SqlServer
            ? $" AND {actorIdColumn} IN (SELECT CAST([value] AS bigint) FROM OPENJSON(@learners))"
            : $" AND {actorIdColumn} IN (SELECT value FROM json_each(@learners))";
    }
}
