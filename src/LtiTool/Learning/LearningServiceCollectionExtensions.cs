using LtiPd.Gamification;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Statements;
using LtiPd.LtiTool.Catalog;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LtiPd.LtiTool.Learning;

/// <summary>Connects the catalog, the embedded LRS and the gamification engine.</summary>
public static class LearningServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the catalog's in-memory learning event sink with one that writes PD profile
    /// statements to the embedded LRS, and adds the gamification engine reading that LRS and
    /// writing its award statements back to it; topic badges read module topics from the catalog.
    /// Call it after <c>AddPdCatalog</c>,
    /// <c>AddEmbeddedLrs</c> and <c>AddXapiBridgeForwarding</c>.
    /// </summary>
    public static IServiceCollection AddXapiLearning(this IServiceCollection services)
    {
        services.AddSingleton<LearnerDirectory>();
        services.AddSingleton<XapiLearningEventSink>();
        services.AddSingleton<StatementOutbox>();
        services.AddSingleton<StatementOutboxWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<StatementOutboxWorker>());
        services.Replace(ServiceDescriptor.Singleton<ILearningEventSink>(provider => provider.GetRequiredService<XapiLearningEventSink>()));

        services.AddGamification();
        services.AddOptions<GamificationOptions>()
            .Configure<ModuleCatalog>((options, catalog) => options.ModuleTopic = activityId => CatalogModuleTopics.TopicOf(catalog, activityId));
        services.AddSingleton<IStatementSource, EmbeddedLrsStatementSource>();
        services.AddSingleton<IAwardStatementSink, EmbeddedLrsAwardSink>();
        return services;
    }
}
