using System.Globalization;

namespace LtiPd.LtiTool.Records;

/// <summary>One completed module on a transcript: one entry per completed cycle of the module.</summary>
/// <param name="ModuleId">The module's catalog id.</param>
/// <param name="Title">The module's title, or its id when the catalog no longer has it.</param>
/// <param name="CreditHours">The catalog's PD credit hours for the module; 0 when the catalog no longer has it.</param>
/// <param name="CompletedAt">When the module was completed.</param>
/// <param name="InCatalog">Whether the loaded catalog still has the module.</param>
/// <param name="CycleStartMs">The start (Unix ms) of the module cycle completed; 0 unless the module recurs.</param>
public sealed record TranscriptEntry(string ModuleId, string Title, decimal CreditHours, DateTimeOffset CompletedAt, bool InCatalog, long CycleStartMs = 0)
{
    /// <summary>
    /// The certificate subject id: the module id for cycle 0, which keeps the id certificates had
    /// before modules recurred, and the module id with <c>@</c> and the cycle start otherwise.
    /// </summary>
    public string SubjectId => CycleStartMs == 0 ? ModuleId : string.Create(CultureInfo.InvariantCulture, $"{ModuleId}@{CycleStartMs}");

    /// <summary>The path of the entry's certificate download.</summary>
    public string CertificatePath => CycleStartMs == 0
        ? $"/app/records/certificates/modules/{Uri.EscapeDataString(ModuleId)}"
        : string.Create(CultureInfo.InvariantCulture, $"/app/records/certificates/modules/{Uri.EscapeDataString(ModuleId)}/{CycleStartMs}");
}
