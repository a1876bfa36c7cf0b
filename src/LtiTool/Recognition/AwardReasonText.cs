using System.Text.RegularExpressions;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// Turns the activity addresses in a stored award reason into the titles teachers know. The
/// ledger keeps the reason as written, with the xAPI activity id, because it is the audit
/// record; only what a page shows changes.
/// </summary>
internal static partial class AwardReasonText
{
    /// <summary>
    /// Returns <paramref name="reason"/> with each "(activity id)" of a catalog activity or module
    /// replaced by its title. An id the catalog no longer has stays as it is.
    /// </summary>
    public static string ForDisplay(string reason, ModuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(catalog);
        return ActivityReference().Replace(reason, match =>
            TitleOf(match.Groups["kind"].Value, Uri.UnescapeDataString(match.Groups["id"].Value), catalog) is { } title
                ? $"({title})"
                : match.Value);
    }

    private static string? TitleOf(string kind, string id, ModuleCatalog catalog)
    {
        if (kind == "modules")
        {
            return catalog.Find(id)?.Title;
        }

        // Item ids are "{module id}.{activity id}"; a module id may itself hold dots, so every
        // split is tried.
        for (var dot = id.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = id.IndexOf('.', dot + 1))
        {
            if (catalog.Find(id[..dot]) is { } module && module.FindActivity(id[(dot + 1)..]) is { } activity)
            {
                return $"{activity.Title}, {module.Title}";
            }
        }

        return null;
    }

    [GeneratedRegex(@"\((?:[a-z][a-z0-9+.-]*://[^()\s]*/)?(?<kind>items|reflections|assessments|modules)/(?<id>[^()\s/]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex ActivityReference();
}
