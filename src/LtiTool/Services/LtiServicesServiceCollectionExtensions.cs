using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Services.Ags;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.LtiTool.Services.Nrps;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services;

/// <summary>Registers the LTI Advantage service clients, grade sync and roster sync.</summary>
public static class LtiServicesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the token and service clients, AGS grade delivery through the score outbox, NRPS roster
    /// sync, and the background syncs after a PD leader's launch. Call it after <c>AddLtiTool</c>
    /// and <c>AddPdCatalog</c>.
    /// </summary>
    public static IServiceCollection AddLtiServices(this IServiceCollection services)
    {
        services.AddOptions<LtiServicesOptions>().BindConfiguration(LtiServicesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LtiServicesOptions>, LtiServicesOptionsValidator>();

        services.AddHttpClient(LtiServiceClient.HttpClientName, (provider, client) =>
            {
                // The same User-Agent as the launch core's JWKS requests, so LMS admins see one tool.
                var options = provider.GetRequiredService<IOptions<LtiOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);

                // GETs are retried here, after Retry-After on 429 and 503 (ShouldRetryAfterHeader
                // is on by default). POSTs are not: a token request must not reuse its assertion's
                // jti, and a score's retry goes through the outbox with a newer timestamp.
                options.Retry.DisableForUnsafeHttpMethods();
                options.Retry.MaxRetryAttempts = 2;
            });

        services.AddSingleton<ClientAssertionFactory>();
        services.AddSingleton<AccessTokenClient>();
        services.AddSingleton<LtiServiceClient>();
        services.AddSingleton<AgsClient>();
        services.AddSingleton<NrpsClient>();
        services.AddSingleton<RosterSync>();
        services.AddSingleton<LineItemResolver>();
        services.AddSingleton<GradeOutbox>();
        services.AddSingleton<GradeDeliverer>();
        services.AddSingleton<GradeResults>();
        services.TryAddSingleton<IEvidenceStatusSource, NoEvidenceStatusSource>();
        services.AddSingleton<IProgressObserver, GradeSyncObserver>();

        services.AddSingleton<CourseSyncQueue>();
        services.AddSingleton<ILaunchObserver>(provider => provider.GetRequiredService<CourseSyncQueue>());
        services.AddHostedService<GradeDeliveryWorker>();
        services.AddHostedService<CourseSyncWorker>();
        return services;
    }
}
