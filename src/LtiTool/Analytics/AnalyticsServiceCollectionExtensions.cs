using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Registers the PD leader dashboards.</summary>
public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard options (validated at start-up), the statement projection with its
    /// background run, and the dashboard queries.
    /// </summary>
    public static IServiceCollection AddLeaderDashboards(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>();
        services.AddSingleton<AnalyticsProjector>();
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<DistrictDirectory>();
        services.AddSingleton<DashboardService>();
        services.AddHostedService<AnalyticsProjectionService>();
        return services;
    }
}
