using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>Offers every catalog module for placement, graded out of the points it needs for completion.</summary>
public sealed class ModuleOptionSource : IDeepLinkOptionSource
{
    /// <summary>The custom parameter that names the placed module; the launch handler lands on that module.</summary>
    public const string ModuleParameter = "ltipd_module";

    /// <summary>The prefix of a module option's key.</summary>
    public const string KeyPrefix = "module:";

    private readonly ModuleCatalog _catalog;

    /// <summary>Creates the source over <paramref name="catalog"/>.</summary>
    public ModuleOptionSource(ModuleCatalog catalog)
    {
        _catalog = catalog;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DeepLinkOption>> ListAsync(LtiSession session, CancellationToken cancellationToken)
    {
        IReadOnlyList<DeepLinkOption> options = _catalog.Modules
            .Select(module => new DeepLinkOption
            {
                Key = KeyPrefix + module.Id,
                Group = "Modules",
                Title = module.Title,
                Text = module.Summary,
                LaunchPath = "/app/modules/" + Uri.EscapeDataString(module.Id),
                ResourceId = module.Id,
                ScoreMaximum = module.PointsToComplete,
                Custom = new Dictionary<string, string>(StringComparer.Ordinal) { [ModuleParameter] = module.Id },
            })
            .ToList();
        return Task.FromResult(options);
    }
}
