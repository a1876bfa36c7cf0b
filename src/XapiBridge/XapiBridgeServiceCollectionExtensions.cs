using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge;

/// <summary>Registers the xAPI model services and the forwarding of statements to district LRSs.</summary>
public static class XapiBridgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StatementValidator"/>, the outbox (<see cref="XapiOutbox"/>), the delivery
    /// worker, the forwarding options from <c>XapiBridge:Forwarding</c> (validated at start-up)
    /// and this assembly's migrations. Needs <c>AddLtiPdStorage</c> for the database.
    /// </summary>
    public static IServiceCollection AddXapiBridgeForwarding(this IServiceCollection services)
    {
        services.TryAddSingleton<StatementValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<XapiForwardingOptions>()
            .BindConfiguration(XapiForwardingOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XapiForwardingOptions>, XapiForwardingOptionsValidator>());

        services.AddHttpClient(OutboxDeliverer.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<XapiForwardingOptions>>().Value.RequestTimeout);

        services.AddMigrations(typeof(XapiBridgeServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<XapiOutbox>();
        services.TryAddSingleton<OutboxDeliverer>();
        services.TryAddSingleton<ForwardedStatementEraser>();
        services.AddHostedService<OutboxDeliveryWorker>();
        return services;
    }
}
