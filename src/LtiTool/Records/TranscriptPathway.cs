namespace LtiPd.LtiTool.Records;

/// <summary>One completed pathway cycle on a transcript, with the certificate issued for it.</summary>
/// <param name="PathwayId">The pathway's id.</param>
/// <param name="CycleStartMs">The start of the completed cycle (Unix ms); 0 for a pathway that does not recur.</param>
/// <param name="Title">The pathway's title.</param>
/// <param name="CreditHours">
/// The PD credit hours of the modules that completed it: every required module and the completed
/// electives up to the number the pathway requires. These hours repeat those of the module
/// entries, so they are not added to a school year's total.
/// </param>
/// <param name="CompletedAt">When the pathway was completed.</param>
/// <param name="Year">The school year of the completion.</param>
public sealed record TranscriptPathway(string PathwayId, long CycleStartMs, string Title, decimal CreditHours, DateTimeOffset CompletedAt, SchoolYear Year)
{
    /// <summary>The certificate's subject id: the pathway and its cycle, so each completed cycle has a certificate of its own.</summary>
    public string SubjectId => SubjectIdOf(PathwayId, CycleStartMs);

    /// <summary>The certificate of this completed cycle.</summary>
    public Certificate? Certificate { get; init; }

    /// <summary>Returns the certificate subject id of one completed cycle of a pathway.</summary>
    public static string SubjectIdOf(string pathwayId, long cycleStartMs) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pathwayId}@{cycleStartMs}");
}
