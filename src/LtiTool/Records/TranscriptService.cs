using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Builds a teacher's transcript from their module completions. Hours are the catalog's PD
/// credit hours of each completed module, never points or XP.
/// </summary>
public sealed class TranscriptService
{
    private static readonly SqlText SelectPerson = SqlText.Portable(
        "SELECT d.id AS DistrictId, d.name AS DistrictName, u.name AS Name, u.given_name AS GivenName, u.family_name AS FamilyName " +
        "FROM lti_users u JOIN platform_registrations r ON r.id = u.registration_id JOIN districts d ON d.id = r.district_id " +
        "WHERE u.id = @UserId AND u.registration_id = @RegistrationId");

    private readonly Database _database;
    private readonly ProgressStore _progress;
    private readonly ModuleCatalog _catalog;
    private readonly IOptions<RecordsOptions> _options;

    /// <summary>Creates the service.</summary>
    public TranscriptService(Database database, ProgressStore progress, ModuleCatalog catalog, IOptions<RecordsOptions> options)
    {
        _database = database;
        _progress = progress;
        _catalog = catalog;
        _options = options;
    }

    /// <summary>Returns the transcript of one user of one registration, or null when the user does not exist there.</summary>
    public async Task<Transcript?> GetAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        PersonRow? person;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            person = await connection.QuerySingleOrDefaultAsync<PersonRow>(_database.Command(
                SelectPerson, new { RegistrationId = registrationId, UserId = userId }, cancellationToken));
        }

        if (person is null)
        {
            return null;
        }

        var completions = await _progress.ListCompletionsAsync(registrationId, userId, cancellationToken);
        var startMonth = _options.Value.SchoolYearStartMonth;
        var years = completions
            .Select(ToEntry)
            .GroupBy(entry => SchoolYear.Of(entry.CompletedAt, startMonth))
            .OrderByDescending(group => group.Key.StartYear)
            .Select(group => new TranscriptYear(group.Key, group.OrderBy(entry => entry.CompletedAt).ToList()))
            .ToList();
        return new Transcript(person.DistrictId, person.DistrictName, DisplayName(person), years);
    }

    private TranscriptEntry ToEntry(ModuleCompletionRecord completion)
    {
        var module = _catalog.Find(completion.ModuleId);

        // NOTE: a module removed from the catalog keeps its completion on the transcript but
        // shows 0 hours, because the hours it was worth are not stored with the completion.
        return module is null
            ? new TranscriptEntry(completion.ModuleId, completion.ModuleId, 0m, completion.CompletedAt, InCatalog: false)
            : new TranscriptEntry(module.Id, module.Title, module.CreditHours, completion.CompletedAt, InCatalog: true);
    }

    private static string? DisplayName(PersonRow person)
    {
        if (!string.IsNullOrWhiteSpace(person.Name))
        {
            return person.Name;
        }

        var parts = new[] { person.GivenName, person.FamilyName }.Where(part => !string.IsNullOrWhiteSpace(part));
        var joined = string.Join(' ', parts);
        return joined.Length == 0 ? null : joined;
    }

    private sealed class PersonRow
    {
        public string DistrictId { get; set; } = "";

        public string DistrictName { get; set; } = "";

        public string? Name { get; set; }

        public string? GivenName { get; set; }

        public string? FamilyName { get; set; }
    }
}
