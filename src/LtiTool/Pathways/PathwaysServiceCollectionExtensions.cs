using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Schools;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Registers and maps schools, pathways, compliance and district branding.</summary>
public static class PathwaysServiceCollectionExtensions
{
    // Room for the logo and 20 level images at their size limit, plus the text fields.
    private const long SettingsRequestLimit = (21L * LogoImage.MaxBytes) + (1024 * 1024);

    /// <summary>
    /// Adds the school directory (which launches use), pathways, compliance and branding. Needs
    /// the catalog, the xAPI learning sink and the gamification engine (<c>AddPdCatalog</c>,
    /// <c>AddXapiLearning</c>).
    /// </summary>
    public static IServiceCollection AddPathways(this IServiceCollection services)
    {
        services.AddSingleton<LaunchSchoolMapping>();
        services.AddSingleton<SchoolDirectory>();
        services.AddSingleton<PathwayStore>();
        services.AddSingleton<PathwayProgressService>();
        services.AddSingleton<PathwayCycleWork>();
        services.Replace(ServiceDescriptor.Singleton<IModuleCycleSource, PathwayModuleCycles>());
        services.AddSingleton<DistrictDirectory>();
        services.AddSingleton<LeaderAccess>();
        services.AddSingleton<PathwayPageHandler>();
        services.AddSingleton<ComplianceService>();
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>();
        services.AddSingleton<ComplianceBuildQueue>();
        services.AddSingleton<ComplianceStatusStore>();
        services.AddSingleton<ComplianceBuildWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<ComplianceBuildWorker>());
        services.AddSingleton<ComplianceReadPlanner>();
        services.AddSingleton<ComplianceReader>();
        services.AddSingleton<CompliancePageHandler>();
        services.AddSingleton<BrandingStore>();
        services.TryAddSingleton<LevelImageStore>();
        services.AddSingleton<SettingsPageHandler>();
        return services;
    }

    /// <summary>
    /// Maps the pathway pages under <c>/app/pathways</c>, compliance under <c>/app/compliance</c>
    /// and the district settings under <c>/app/settings</c>. Posts check the session's own CSRF
    /// token, so the framework's antiforgery cookie is not used.
    /// </summary>
    public static IEndpointRouteBuilder MapPathwayPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/pathways", (HttpContext context, PathwayPageHandler handler) => handler.ListAsync(context));
        endpoints.MapGet("/app/pathways/new", (HttpContext context, PathwayPageHandler handler) => handler.EditorAsync(context, null));
        endpoints.MapGet("/app/pathways/mine", (HttpContext context, PathwayPageHandler handler) => handler.MineAsync(context));
        endpoints.MapGet("/app/pathways/{pathwayId}", (HttpContext context, string pathwayId, PathwayPageHandler handler) => handler.EditorAsync(context, pathwayId));
        endpoints.MapPost("/app/pathways", (HttpContext context, PathwayPageHandler handler) => handler.SaveAsync(context, null)).DisableAntiforgery();
        endpoints.MapPost("/app/pathways/{pathwayId}", (HttpContext context, string pathwayId, PathwayPageHandler handler) => handler.SaveAsync(context, pathwayId)).DisableAntiforgery();
        endpoints.MapPost("/app/pathways/{pathwayId}/archive", (HttpContext context, string pathwayId, PathwayPageHandler handler) => handler.ArchiveAsync(context, pathwayId)).DisableAntiforgery();
        endpoints.MapPost("/app/pathways/{pathwayId}/electives", (HttpContext context, string pathwayId, PathwayPageHandler handler) => handler.ChooseElectivesAsync(context, pathwayId)).DisableAntiforgery();

        endpoints.MapGet("/app/compliance", (HttpContext context, string? pathway, CompliancePageHandler handler) => handler.PageAsync(context, pathway));
        endpoints.MapGet("/app/compliance.csv", (HttpContext context, string? pathway, CompliancePageHandler handler) => handler.CsvAsync(context, pathway));

        endpoints.MapGet("/app/settings", (HttpContext context, SettingsPageHandler handler) => handler.PageAsync(context));
        endpoints.MapPost("/app/settings", (HttpContext context, SettingsPageHandler handler) => handler.SaveAsync(context))
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(SettingsRequestLimit));
        endpoints.MapPost("/app/settings/schools", (HttpContext context, SettingsPageHandler handler) => handler.ImportRosterAsync(context))
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RosterCsvReader.MaxBytes + (1024 * 1024)));
        endpoints.MapGet("/app/branding/{districtId}/logo", (HttpContext context, string districtId, SettingsPageHandler handler) => handler.LogoAsync(context, districtId));
        endpoints.MapGet(
            "/app/branding/{districtId}/levels/{level:int}/{imageId}",
            (HttpContext context, string districtId, int level, string imageId, SettingsPageHandler handler) => handler.LevelImageAsync(context, districtId, level, imageId));
        return endpoints;
    }
}
