using LtiPd.LtiTool.Records;

namespace LtiPd.LtiTool.Tests.Records;

public sealed class SchoolYearTests
{
    [Theory]
    [InlineData("2026-06-30T23:59:59Z", 7, 2025, "2025-26")]
    [InlineData("2026-07-01T00:00:00Z", 7, 2026, "2026-27")]
    [InlineData("2026-07-01T03:00:00+05:00", 7, 2025, "2025-26")]
    [InlineData("2026-06-30T22:00:00-05:00", 7, 2026, "2026-27")]
    [InlineData("2026-01-15T12:00:00Z", 1, 2026, "2026-27")]
    [InlineData("2099-08-01T00:00:00Z", 8, 2099, "2099-00")]
    public void Of_Instant_SchoolYearByUtcDate(string instant, int startMonth, int startYear, string label)
    {
        var year = SchoolYear.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), startMonth);

        Assert.Equal(startYear, year.StartYear);
        Assert.Equal(label, year.Label);
    }

    [Theory]
    [InlineData("Ada Lovelace", VerificationNameDisplay.Full, "Ada Lovelace")]
    [InlineData("ada  de lovelace", VerificationNameDisplay.Initials, "A. D. L.")]
    [InlineData("Ada Lovelace", VerificationNameDisplay.Hidden, null)]
    [InlineData(null, VerificationNameDisplay.Full, null)]
    [InlineData("  ", VerificationNameDisplay.Initials, null)]
    public void ShownName_Display_AsDistrictAllows(string? name, VerificationNameDisplay display, string? expected)
    {
        Assert.Equal(expected, RecordsPages.ShownName(name, display));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void Validator_MonthOutOfRange_FailsNamingKey(int month)
    {
        var result = new RecordsOptionsValidator().Validate(null, new RecordsOptions { SchoolYearStartMonth = month });

        Assert.True(result.Failed);
        Assert.StartsWith($"Records:SchoolYearStartMonth is {month}.", result.FailureMessage, StringComparison.Ordinal);
    }
}
