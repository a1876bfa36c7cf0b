using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Learning;

/// <summary>
/// Reads a module's catalog topic from the module activity id the PD profile writes
/// (<c>{base}/modules/{moduleId}</c>), for topic badges. The catalog is read on each call, so a
/// module added to a topic counts from the next award on.
/// </summary>
internal static class CatalogModuleTopics
{
    private const string ModulesSegment = "/modules/";

    /// <summary>Returns the topic of the module <paramref name="activityId"/> names, or null when it names no catalog module.</summary>
    public static string? TopicOf(ModuleCatalog catalog, string activityId)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var start = activityId.LastIndexOf(ModulesSegment, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var moduleId = Uri.UnescapeDataString(activityId[(start + ModulesSegment.Length)..]);
        return moduleId.Length == 0 || moduleId.Contains('/', StringComparison.Ordinal) ? null : catalog.Find(moduleId)?.Topic;
    }
}
