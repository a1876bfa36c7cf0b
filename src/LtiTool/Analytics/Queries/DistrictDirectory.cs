using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>Reads a leader's district and the district's schools and courses, across all of its registrations.</summary>
internal sealed class DistrictDirectory
{
    private static readonly SqlText DistrictSql = SqlText.Portable(
        "SELECT district_id FROM platform_registrations WHERE id = @registrationId");

    private static readonly SqlText SchoolsSql = SqlText.Portable(
        "SELECT s.school_id AS Id, MIN(s.name) AS Name FROM lti_schools s JOIN platform_registrations r ON r.id = s.registration_id " +
        "WHERE r.district_id = @districtId GROUP BY s.school_id ORDER BY MIN(s.name), s.school_id");

    private static readonly SqlText CoursesSql = SqlText.Portable(
        "SELECT c.id AS Id, COALESCE(c.title, c.label, c.context_id) AS Name FROM lti_contexts c JOIN platform_registrations r ON r.id = c.registration_id " +
        "WHERE r.district_id = @districtId ORDER BY COALESCE(c.title, c.label, c.context_id), c.id");

    private readonly Database _database;

    public DistrictDirectory(Database database)
    {
        _database = database;
    }

    /// <summary>Returns the district of <paramref name="registrationId"/>, or null when the registration is gone.</summary>
    public async Task<string?> FindDistrictAsync(string registrationId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(_database.Command(DistrictSql, new { registrationId }, cancellationToken));
    }

    /// <summary>Returns the district's schools by id, in name order.</summary>
    public Task<IReadOnlyDictionary<string, string>> SchoolsAsync(string districtId, CancellationToken cancellationToken) =>
        ListAsync(SchoolsSql, districtId, cancellationToken);

    /// <summary>Returns the district's courses by our context id, in title order.</summary>
    public Task<IReadOnlyDictionary<string, string>> CoursesAsync(string districtId, CancellationToken cancellationToken) =>
        ListAsync(CoursesSql, districtId, cancellationToken);

    private async Task<IReadOnlyDictionary<string, string>> ListAsync(SqlText sql, string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NamedRow>(_database.Command(sql, new { districtId }, cancellationToken));
        return new OrderedDictionary<string, string>(rows.Select(row => KeyValuePair.Create(row.Id, row.Name)), StringComparer.Ordinal);
    }

    private sealed class NamedRow
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";
    }
}
