namespace LtiPd.LtiTool.Records;

/// <summary>The completions of one school year on a transcript, oldest first.</summary>
/// <param name="Year">The school year.</param>
/// <param name="Entries">The completed modules.</param>
public sealed record TranscriptYear(SchoolYear Year, IReadOnlyList<TranscriptEntry> Entries)
{
    /// <summary>The PD credit hours of the year.</summary>
    public decimal TotalCreditHours => Entries.Sum(entry => entry.CreditHours);
}
