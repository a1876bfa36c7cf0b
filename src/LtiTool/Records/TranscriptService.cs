using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pathways;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Builds a teacher's transcript from their module and pathway completions, with the certificate
/// of each completed pathway cycle. <see cref="PathwayProgressService"/> issues that certificate
/// with the completion; this service issues it only for completions recorded before it did. Hours are the
/// catalog's PD credit hours of each completed module, never points or XP.
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
    private readonly PathwayStore _pathways;
    private readonly CertificateStore _certificates;
    private readonly IOptions<RecordsOptions> _options;

    /// <summary>Creates the service.</summary>
    public TranscriptService(
        Database database, ProgressStore progress, ModuleCatalog catalog, PathwayStore pathways, CertificateStore certificates, IOptions<RecordsOptions> options)
    {
        _database = database;
        _progress = progress;
        _catalog = catalog;
        _pathways = pathways;
        _certificates = certificates;
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
        var name = CertificateHolderName.Of(person.Name, person.GivenName, person.FamilyName);
        var completedModules = completions.Select(completion => completion.ModuleId).ToHashSet(StringComparer.Ordinal);
        var pathways = await ListPathwaysAsync(registrationId, userId, person.DistrictId, name, completedModules, cancellationToken);
        return new Transcript(person.DistrictId, person.DistrictName, name, years) { Pathways = pathways };
    }

    private async Task<IReadOnlyList<TranscriptPathway>> ListPathwaysAsync(
        string registrationId, string userId, string districtId, string? holderName, IReadOnlySet<string> completedModules, CancellationToken cancellationToken)
    {
        // NOTE: the pathway store lists completions per district, so this reads the whole
        // district's completions to find one person's.
        var completions = (await _pathways.ListCompletionsAsync(districtId, cancellationToken))
            .Where(completion => string.Equals(completion.UserRef, userId, StringComparison.Ordinal))
            .ToList();
        if (completions.Count == 0)
        {
            return [];
        }

        var definitions = (await _pathways.ListAsync(districtId, includeArchived: true, cancellationToken))
            .ToDictionary(pathway => pathway.Id, StringComparer.Ordinal);
        var startMonth = _options.Value.SchoolYearStartMonth;
        var listed = new List<TranscriptPathway>(completions.Count);
        foreach (var completion in completions.OrderByDescending(completion => completion.CompletedAtMs))
        {
            var completedAt = DateTimeOffset.FromUnixTimeMilliseconds(completion.CompletedAtMs);
            var definition = definitions.GetValueOrDefault(completion.PathwayId);
            var pathway = new TranscriptPathway(
                completion.PathwayId,
                completion.CycleStartMs,
                definition?.Title ?? completion.PathwayId,
                definition is null ? 0m : PathwayCreditHours.Of(definition, _catalog, completedModules),
                completedAt,
                SchoolYear.Of(completedAt, startMonth));

            // Completions recorded since certificates are issued at completion already have one,
            // and a certificate once issued keeps its hours and dates, so this only reads it. It
            // issues the certificate of a completion recorded before that.
            var subject = new CertificateSubject(CertificateKind.Pathway, pathway.SubjectId, pathway.Title, pathway.CreditHours, pathway.CompletedAt);
            var certificate = await _certificates.GetOrIssueAsync(registrationId, userId, subject, holderName, cancellationToken);
            listed.Add(pathway with { Certificate = certificate });
        }

        return listed;
    }

    private TranscriptEntry ToEntry(ModuleCompletionRecord completion)
    {
        var module = _catalog.Find(completion.ModuleId);

        // NOTE: a module removed from the catalog keeps its completion on the transcript but
        // shows 0 hours, because the hours it was worth are not stored with the completion.
        return module is null
            ? new TranscriptEntry(completion.ModuleId, completion.ModuleId, 0m, completion.CompletedAt, InCatalog: false, completion.CycleStartMs)
            : new TranscriptEntry(module.Id, module.Title, module.CreditHours, completion.CompletedAt, InCatalog: true, completion.CycleStartMs);
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
