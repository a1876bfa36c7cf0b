namespace LtiPd.LtiTool.Launch;

/// <summary>A rejected login or launch: the catalogued reason plus what exactly was wrong.</summary>
/// <param name="Error">The catalogued reason.</param>
/// <param name="Detail">The specific value or claim at fault, safe to log and show (never a token).</param>
public sealed record LaunchFailure(LaunchError Error, string? Detail = null);
