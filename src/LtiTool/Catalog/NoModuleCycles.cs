namespace LtiPd.LtiTool.Catalog;

/// <summary>The cycle source of a catalog without pathways: no module recurs.</summary>
internal sealed class NoModuleCycles : IModuleCycleSource
{
    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, long>> GetCycleStartsAsync(string registrationId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(StringComparer.Ordinal));
}
