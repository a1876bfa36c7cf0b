using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Streaks;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.Gamification;

/// <summary>Registers the gamification engine and its services.</summary>
public static class GamificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine, its migrations, administration, streaks, challenges, leaderboards, the
    /// badge credential store, the background worker and the challenge decision worker. The host registers the
    /// <see cref="BadgeCredentialIssuer"/>, which needs the public base URL it serves. The worker reads every registered
    /// <see cref="Statements.IStatementSource"/> and sends award statements when an
    /// <see cref="IAwardStatementSink"/> is registered; the host registers both. Needs
    /// <c>AddLtiPdStorage()</c> for the <see cref="Database"/>.
    /// </summary>
    public static IServiceCollection AddGamification(this IServiceCollection services)
    {
        services.AddOptions<GamificationOptions>()
            .BindConfiguration(GamificationOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GamificationOptions>, GamificationOptionsValidator>();
        services.AddOptions<BadgeIssuerOptions>().BindConfiguration($"{GamificationOptions.SectionName}:Badges");
        services.TryAddSingleton(TimeProvider.System);

        services.AddMigrations(typeof(GamificationServiceCollectionExtensions).Assembly);
        services.AddSingleton<EngineWalCheckpoint>();
        services.AddSingleton(provider => new GamificationEngine(
            provider.GetRequiredService<Database>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<GamificationOptions>>(),
            provider.GetRequiredService<ILogger<GamificationEngine>>(),
            provider.GetRequiredService<EngineWalCheckpoint>()));
        services.AddSingleton<AwardAdministration>();
        services.AddSingleton<ParticipantDirectory>();
        services.AddSingleton<StreakService>();
        services.AddSingleton<ChallengeService>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<BadgeAwardReader>();
        services.AddSingleton<BadgeCredentialStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<GamificationWorker>();
        services.AddHostedService<ChallengeDecisionWorker>();
        return services;
    }
}
