using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The PD credit hours a completed pathway grants, as its certificate and transcript show them.</summary>
internal static class PathwayCreditHours
{
    /// <summary>
    /// Returns the catalog credit hours of the pathway's required modules and of its completed
    /// electives, in pathway order, up to the number of electives it requires. A module no
    /// longer in the catalog counts 0 hours.
    /// </summary>
    public static decimal Of(Pathway pathway, ModuleCatalog catalog, IReadOnlySet<string> completedModules)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(catalog);

        var required = pathway.Modules.Where(module => module.IsRequired);
        var electives = pathway.Modules
            .Where(module => !module.IsRequired && completedModules.Contains(module.ModuleId))
            .OrderBy(module => module.Position)
            .Take(pathway.ElectivesRequired);
        return required.Concat(electives).Sum(module => catalog.Find(module.ModuleId)?.CreditHours ?? 0m);
    }
}
