using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Loads and validates the catalog before the server takes requests. Every problem is logged with
/// its file and field; broken modules are left out and the rest load. A catalog folder that is not
/// found stops the start, because it is a configuration error, not a content error.
/// </summary>
internal sealed partial class CatalogStartupService : IHostedService
{
    private readonly ModuleCatalog _catalog;
    private readonly CatalogLoader _loader;
    private readonly IOptions<CatalogOptions> _options;
    private readonly ILogger<CatalogStartupService> _logger;

    public CatalogStartupService(ModuleCatalog catalog, CatalogLoader loader, IOptions<CatalogOptions> options, ILogger<CatalogStartupService> logger)
    {
        _catalog = catalog;
        _loader = loader;
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = _options.Value.ResolvePath();
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"The PD catalog folder '{folder}' was not found. Set Catalog:Path to the folder that contains the module folders.");
        }

        var result = _loader.Load(folder);
        foreach (var problem in result.Problems)
        {
            Log.CatalogProblem(_logger, problem.File, problem.Field, problem.Message);
        }

        foreach (var rejected in result.RejectedFolders)
        {
            Log.ModuleLeftOut(_logger, rejected);
        }

        WarnAboutUnconfiguredVideos(result);
        _catalog.Replace(result);
        Log.CatalogLoaded(_logger, result.Modules.Count, result.RejectedFolders.Count, result.Problems.Count, folder);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WarnAboutUnconfiguredVideos(CatalogLoadResult result)
    {
        var slots = result.Modules
            .SelectMany(module => module.Activities)
            .Select(activity => activity.Video?.Slot)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(slot => !_options.Value.Videos.ContainsKey(slot))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (slots.Count > 0)
        {
            var names = string.Join(", ", slots);
            Log.VideoSlotsUnconfigured(_logger, slots.Count, names);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, EventName = "CatalogProblem", Level = LogLevel.Warning,
            Message = "Catalog file {File}, field {Field}: {Problem}")]
        public static partial void CatalogProblem(ILogger logger, string file, string field, string problem);

        [LoggerMessage(EventId = 1602, EventName = "CatalogModuleLeftOut", Level = LogLevel.Warning,
            Message = "Catalog module folder {Folder} was left out because of the problems logged above")]
        public static partial void ModuleLeftOut(ILogger logger, string folder);

        [LoggerMessage(EventId = 1603, EventName = "CatalogLoaded", Level = LogLevel.Information,
            Message = "Loaded {ModuleCount} PD modules ({RejectedCount} left out, {ProblemCount} problems) from {Folder}")]
        public static partial void CatalogLoaded(ILogger logger, int moduleCount, int rejectedCount, int problemCount, string folder);

        [LoggerMessage(EventId = 1604, EventName = "CatalogVideoSlotsUnconfigured", Level = LogLevel.Information,
            Message = "{SlotCount} video slots have no district video and show a placeholder: {Slots}. Set Catalog:Videos:<slot>:Url and CaptionsUrl to fill them")]
        public static partial void VideoSlotsUnconfigured(ILogger logger, int slotCount, string slots);
    }
}
