namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Returns the cycle a learner's progress in a module counts for. A module in a recurring
/// (annual) pathway is done again in each cycle. Progress of an earlier cycle stays stored but
/// no longer counts as current.
/// </summary>
public interface IModuleCycleSource
{
    /// <summary>
    /// Returns the start (Unix ms) of the current cycle of each module that recurs for this
    /// learner. A module left out does not recur, and its cycle start is 0.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> GetCycleStartsAsync(string registrationId, string userId, CancellationToken cancellationToken);
}
