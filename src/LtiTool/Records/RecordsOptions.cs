namespace LtiPd.LtiTool.Records;

/// <summary>Settings of teacher records (section <c>Records</c>).</summary>
public sealed class RecordsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Records";

    /// <summary>
    /// The month (1 to 12) a school year starts in. Default 7: a school year runs from 1 July to
    /// 30 June, as most US districts count PD hours. Completions are assigned by their UTC date.
    /// </summary>
    public int SchoolYearStartMonth { get; set; } = 7;

    /// <summary>
    /// Per-district settings, keyed by district id. A district not listed gets the defaults of
    /// <see cref="DistrictRecordsOptions"/>.
    /// </summary>
    public Dictionary<string, DistrictRecordsOptions> Districts { get; } = new(StringComparer.Ordinal);

    /// <summary>Returns the settings of <paramref name="districtId"/>, or the defaults.</summary>
    public DistrictRecordsOptions For(string districtId) =>
        Districts.TryGetValue(districtId, out var options) ? options : new DistrictRecordsOptions();
}
