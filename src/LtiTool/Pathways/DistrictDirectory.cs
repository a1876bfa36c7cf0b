using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Lists the courses of a district, for assigning pathways and for compliance.</summary>
internal sealed class DistrictDirectory
{
    private static readonly SqlText SelectCourses = SqlText.Portable(
        "SELECT c.id AS Id, c.title AS Title, c.label AS Label FROM lti_contexts c JOIN platform_registrations r ON r.id = c.registration_id " +
        "WHERE r.district_id = @DistrictId ORDER BY c.title, c.id");

    private readonly Database _database;

    public DistrictDirectory(Database database)
    {
        _database = database;
    }

    public async Task<IReadOnlyList<CourseRecord>> ListCoursesAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CourseRecord>(_database.Command(SelectCourses, new { DistrictId = districtId }, cancellationToken))).AsList();
    }
}
