namespace LtiPd.LtiTool.Records;

/// <summary>One completed module on a transcript.</summary>
/// <param name="ModuleId">The module's catalog id.</param>
/// <param name="Title">The module's title, or its id when the catalog no longer has it.</param>
/// <param name="CreditHours">The catalog's PD credit hours for the module; 0 when the catalog no longer has it.</param>
/// <param name="CompletedAt">When the module was completed.</param>
/// <param name="InCatalog">Whether the loaded catalog still has the module.</param>
public sealed record TranscriptEntry(string ModuleId, string Title, decimal CreditHours, DateTimeOffset CompletedAt, bool InCatalog);
