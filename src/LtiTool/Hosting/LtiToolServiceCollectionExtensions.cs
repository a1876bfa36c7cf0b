using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Hosting;

/// <summary>Registers the LTI tool's services.</summary>
public static class LtiToolServiceCollectionExtensions
{
    /// <summary>Adds the platform registry, OIDC login, launch validation, sessions and tool keys.</summary>
    public static IServiceCollection AddLtiTool(this IServiceCollection services)
    {
        services.AddOptions<LtiOptions>().BindConfiguration(LtiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LtiOptions>, LtiOptionsValidator>();
        services.AddMigrations(typeof(LtiToolServiceCollectionExtensions).Assembly);

        services.AddHttpClient(PlatformKeyCache.HttpClientName, (provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<LtiOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.Timeout = TimeSpan.FromSeconds(30);
            })
            .AddStandardResilienceHandler()
            .Configure((options, provider) =>
            {
                // A launch waits for the platform's JWKS, so a platform that hangs must fail
                // the launch within seconds (502 jwks_unavailable), not after the defaults' 30 s.
                var total = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<LtiOptions>>().Value.JwksTimeoutSeconds);
                var attempt = total * 2 / 5;
                options.TotalRequestTimeout.Timeout = total;
                options.AttemptTimeout.Timeout = attempt;

                // The resilience options validator requires a circuit-breaker sampling window of at least two attempt timeouts.
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, attempt.TotalSeconds * 2));
            });

        services.AddSingleton<PlatformRegistry>();
        services.AddSingleton<LoginStateStore>();
        services.AddSingleton<NonceStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<LaunchRecorder>();
        services.AddSingleton<PlatformKeyCache>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<ToolKeyStore>();
        services.AddSingleton<LoginHandler>();
        services.AddSingleton<LaunchHandler>();

        services.AddHostedService<StartupTasksService>();
        services.AddHostedService<ExpiredStateCleanupService>();
        return services;
    }
}
