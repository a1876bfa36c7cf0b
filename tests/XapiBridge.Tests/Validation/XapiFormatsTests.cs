using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Tests.Validation;

public sealed class XapiFormatsTests
{
    [Theory]
    [InlineData("en", true)]
    [InlineData("en-US", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("es-419", true)]
    [InlineData("sl-rozaj-biske", true)]
    [InlineData("de-CH-x-phonebk", true)]
    [InlineData("x-whatever", true)]
    [InlineData("i-klingon", true)]
    [InlineData("tlh", true)]
    [InlineData("a12345", false)]
    [InlineData("a12345678", false)]
    [InlineData("en_US", false)]
    [InlineData("", false)]
    [InlineData("en-", false)]
    [InlineData("toolonglanguage", false)]
    public void IsLanguageTag_Rfc5646Cases(string tag, bool expected)
    {
        Assert.Equal(expected, XapiFormats.IsLanguageTag(tag));
    }

    [Theory]
    [InlineData("PT1H0M0.1S", true)]
    [InlineData("PT4H35M59.14S", true)]
    [InlineData("PT16559.14S", true)]
    [InlineData("P3Y1M29DT4H35M59.14S", true)]
    [InlineData("P3Y", true)]
    [InlineData("P4W", true)]
    [InlineData("P1D", true)]
    [InlineData("P4W1D", false)]
    [InlineData("PA1H0M0S", false)]
    [InlineData("PT", false)]
    [InlineData("P", false)]
    [InlineData("P1YT", false)]
    [InlineData("1H", false)]
    public void IsDuration_Iso8601Cases(string duration, bool expected)
    {
        Assert.Equal(expected, XapiFormats.IsDuration(duration));
    }

    [Theory]
    [InlineData("2008-09-15T15:53:00.601+00:00", "2008-09-15T15:53:00.601Z")]
    [InlineData("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000Z")]
    [InlineData("2024-05-01T12:00:00.5-0530", "2024-05-01T17:30:00.500Z")]
    [InlineData("2024-05-01T12:00:00", "2024-05-01T12:00:00.000Z")]
    [InlineData("2024-05-01t12:00:00z", "2024-05-01T12:00:00.000Z")]
    public void TryParseTimestamp_ValidValue_NormalisesToUtc(string value, string expectedUtc)
    {
        Assert.True(XapiFormats.TryParseTimestamp(value, out var timestamp));

        Assert.Equal(expectedUtc, XapiFormats.FormatTimestamp(timestamp));
    }

    [Theory]
    [InlineData("2008-09-15T15:53:00.601-00")]
    [InlineData("2008-09-15T15:53:00.601-0000")]
    [InlineData("2008-09-15T15:53:00.601-00:00")]
    [InlineData("01/011/2015")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-05-01T25:00:00Z")]
    [InlineData("2024-05-01T10:00:00+15:00")]
    [InlineData("2024-05-01")]
    public void TryParseTimestamp_InvalidValue_ReturnsFalse(string value)
    {
        Assert.False(XapiFormats.TryParseTimestamp(value, out _));
    }

    [Theory]
    [InlineData("http://adlnet.gov/expapi/verbs/completed", true)]
    [InlineData("urn:uuid:3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34", true)]
    [InlineData("https://例え.テスト/パス", true)]
    [InlineData("ab=c://should.fail.com", false)]
    [InlineData("should fail", false)]
    [InlineData("http://example.com/a b", false)]
    [InlineData("completed", false)]
    [InlineData("http:", false)]
    public void IsIri_Cases(string value, bool expected)
    {
        Assert.Equal(expected, XapiFormats.IsIri(value));
    }
}
