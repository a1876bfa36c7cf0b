namespace LtiPd.LtiTool.Services.Nrps;

/// <summary>What one roster sync did.</summary>
/// <param name="Members">Members the platform listed.</param>
/// <param name="Pages">Pages read.</param>
/// <param name="MarkedInactive">Stored members no longer listed, now marked Inactive (only a sync without filters marks any).</param>
/// <param name="Error">Why the sync failed, or null when it succeeded. A failed sync changes no row.</param>
public sealed record RosterSyncResult(int Members, int Pages, int MarkedInactive, string? Error)
{
    /// <summary>Whether the sync succeeded.</summary>
    public bool Succeeded => Error is null;
}
