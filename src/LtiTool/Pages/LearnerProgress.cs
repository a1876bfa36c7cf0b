using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>Turns stored progress rows into module progress for the pages.</summary>
internal static class LearnerProgress
{
    public static IReadOnlySet<string> DoneIds(IEnumerable<ActivityProgressRecord> records) =>
        records.Where(record => record.Status == ActivityStatus.Done).Select(record => record.ActivityId).ToHashSet(StringComparer.Ordinal);

    public static Dictionary<string, ModuleProgress> ByModule(IReadOnlyList<CatalogModule> modules, IReadOnlyList<ActivityProgressRecord> records)
    {
        var byModule = records.ToLookup(record => record.ModuleId, StringComparer.Ordinal);
        return modules.ToDictionary(
            module => module.Id,
            module => ModuleCompletion.Evaluate(module, DoneIds(byModule[module.Id])),
            StringComparer.Ordinal);
    }
}
