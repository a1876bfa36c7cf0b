using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>Registers the developer-only LMS. Call it only in Development.</summary>
public static class DevPlatformServiceCollectionExtensions
{
    /// <summary>Adds the dev platform's services and the start-up task that registers it with the tool.</summary>
    public static IServiceCollection AddDevPlatform(this IServiceCollection services)
    {
        services.AddOptions<DevPlatformOptions>().BindConfiguration(DevPlatformOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DevPlatformOptions>, DevPlatformOptionsValidator>();
        services.AddHttpClient(DevToolKeys.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

        services.AddSingleton<DevPlatformSite>();
        services.AddSingleton<DevPlatformKeyStore>();
        services.AddSingleton<DevPlacementStore>();
        services.AddSingleton<DevLaunchHints>();
        services.AddSingleton<DevIdTokenFactory>();
        services.AddSingleton<DevAuthorizationHandler>();
        services.AddSingleton<DevAccessTokens>();
        services.AddSingleton<DevToolKeys>();
        services.AddSingleton<DevTokenHandler>();
        services.AddSingleton<DevGradebook>();
        services.AddSingleton<DevServiceContext>();
        services.AddSingleton<DevDeepLinkingReturnHandler>();
        services.AddHostedService<DevPlatformStartupService>();
        return services;
    }
}
