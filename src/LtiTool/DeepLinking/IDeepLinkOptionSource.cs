using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>
/// Supplies options to the Deep Linking picker. Register each source as a singleton
/// <see cref="IDeepLinkOptionSource"/>; the picker lists the options of every registered source,
/// so pathways can be offered by adding a source, without changing the picker.
/// </summary>
public interface IDeepLinkOptionSource
{
    /// <summary>Lists the options open to the PD leader of <paramref name="session"/>, in display order.</summary>
    Task<IReadOnlyList<DeepLinkOption>> ListAsync(LtiSession session, CancellationToken cancellationToken);
}
