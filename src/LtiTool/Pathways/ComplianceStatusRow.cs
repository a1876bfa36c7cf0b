using System.Globalization;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// One row of <c>pd_compliance_status</c>: an assigned person's inputs of the state of one item
/// (the whole pathway, or a required module) in the current cycle. None of them depends on the
/// clock within the cycle, so the rows stay true until the person, the pathway or the cycle changes.
/// </summary>
internal sealed record ComplianceStatusRow
{
    /// <summary>The most characters of <see cref="SortKey"/>, so the key fits a SQL Server index.</summary>
    public const int MaxSortKeyLength = 200;

    /// <summary>The item of the whole pathway.</summary>
    public const string WholePathway = "";

    public required string PathwayId { get; init; }

    /// <summary><see cref="WholePathway"/> or a required module id.</summary>
    public required string Item { get; init; }

    public required string RegistrationId { get; init; }

    public required string Subject { get; init; }

    /// <summary>0 for the whole pathway, else the module's position, so the CSV lists items in pathway order.</summary>
    public required int ItemPosition { get; init; }

    public string? UserRef { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    /// <summary>The name (or subject) in upper case, so an ordinal sort matches the case-insensitive order of the people list.</summary>
    public required string SortKey { get; init; }

    public string? SchoolId { get; init; }

    public required int Role { get; init; }

    /// <summary>The person's course ids, sorted and joined by line feeds.</summary>
    public required string ContextRefs { get; init; }

    /// <summary>1 when the item is done in the current cycle (for the pathway: complete or recorded).</summary>
    public required int IsDone { get; init; }

    /// <summary>When the item was completed in this cycle (Unix ms), or null while it is not done.</summary>
    public long? DoneAtMs { get; init; }

    /// <summary>1 when the person has progress in the item (for the pathway: in any of its modules) in this cycle.</summary>
    public required int Started { get; init; }

    /// <summary>When the item becomes overdue unless done (Unix ms), or null when it never does.</summary>
    public long? OverdueAtMs { get; init; }

    /// <summary>The due day in this cycle (yyyy-MM-dd); for the whole pathway the last one.</summary>
    public string? DueOn { get; init; }

    /// <summary>Returns the rows of one assigned person: the whole pathway first, then each required module in order.</summary>
    public static IEnumerable<ComplianceStatusRow> For(string pathwayId, CompliancePersonStatus evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var (person, status, startedModuleIds, _) = evaluation;
        var sortKey = (person.Name ?? person.Subject).ToUpperInvariant();
        var common = new ComplianceStatusRow
        {
            PathwayId = pathwayId,
            Item = WholePathway,
            RegistrationId = person.RegistrationId,
            Subject = person.Subject,
            ItemPosition = 0,
            UserRef = person.UserRef,
            Name = person.Name,
            Email = person.Email,
            SortKey = sortKey.Length > MaxSortKeyLength ? sortKey[..MaxSortKeyLength] : sortKey,
            SchoolId = person.SchoolId,
            Role = (int)person.Role,
            ContextRefs = string.Join('\n', person.ContextRefs.Order(StringComparer.Ordinal)),
            IsDone = 0,
            Started = 0,
        };

        // The pathway is overdue once its first unfinished required module is overdue. It is in
        // progress when any module, elective or required, is done or started (PathwayStatus.State).
        var required = status.Modules.Where(module => module.Entry.IsRequired).ToList();
        yield return common with
        {
            IsDone = evaluation.IsDone ? 1 : 0,
            DoneAtMs = evaluation.CompletedAt?.ToUnixTimeMilliseconds(),
            Started = status.Modules.Any(module => module.CompletedAt is not null || startedModuleIds.Contains(module.Entry.ModuleId)) ? 1 : 0,
            OverdueAtMs = required.Where(module => module.CompletedAt is null).Select(module => status.Cycle.DueAt(module.Entry.DueOn)).Min()?.ToUnixTimeMilliseconds(),
            DueOn = Day(status.Modules.Where(module => module.DueOn is not null).Select(module => module.DueOn).Max()),
        };

        foreach (var module in required)
        {
            yield return common with
            {
                Item = module.Entry.ModuleId,
                ItemPosition = module.Entry.Position,
                IsDone = module.CompletedAt is null ? 0 : 1,
                DoneAtMs = module.CompletedAt?.ToUnixTimeMilliseconds(),
                Started = startedModuleIds.Contains(module.Entry.ModuleId) ? 1 : 0,
                OverdueAtMs = module.CompletedAt is null ? status.Cycle.DueAt(module.Entry.DueOn)?.ToUnixTimeMilliseconds() : null,
                DueOn = Day(module.DueOn),
            };
        }
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
