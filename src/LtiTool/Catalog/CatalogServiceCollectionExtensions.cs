using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Catalog;

/// <summary>Registers the PD catalog.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Adds the catalog options (validated at start-up), the loader, the loaded catalog, learner
    /// progress and an in-memory learning event sink that another sink may replace.
    /// </summary>
    public static IServiceCollection AddPdCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddSingleton<SafeHtml>();
        services.AddSingleton<CatalogLoader>();
        services.AddSingleton<ModuleCatalog>();
        services.TryAddSingleton<IModuleCycleSource, NoModuleCycles>();
        services.AddSingleton<ProgressStore>();
        services.AddSingleton<ActivityTimeStore>();
        services.TryAddSingleton<InMemoryLearningEventSink>();
        services.TryAddSingleton<ILearningEventSink>(provider => provider.GetRequiredService<InMemoryLearningEventSink>());
        services.AddHostedService<CatalogStartupService>();
        return services;
    }
}
