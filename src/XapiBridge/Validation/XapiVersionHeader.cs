namespace LtiPd.XapiBridge.Validation;

/// <summary>Maps <see cref="XapiVersion"/> to and from the <c>X-Experience-API-Version</c> header.</summary>
public static class XapiVersionHeader
{
    /// <summary>The header name.</summary>
    public const string Name = "X-Experience-API-Version";

    /// <summary>Returns the header value LtiPd sends for <paramref name="version"/>: <c>1.0.3</c> or <c>2.0.0</c>.</summary>
    public static string ToHeaderValue(this XapiVersion version) => version switch
    {
        XapiVersion.V1 => "1.0.3",
        XapiVersion.V2 => "2.0.0",
    };

    /// <summary>
    /// Reads a header value: <c>1.0</c> and <c>1.0.0</c> to <c>1.0.3</c> are <see cref="XapiVersion.V1"/>,
    /// <c>2.0</c> and <c>2.0.x</c> are <see cref="XapiVersion.V2"/>. Other values return false.
    /// </summary>
    public static bool TryParse(string? value, out XapiVersion version)
    {
        switch (value?.Trim())
        {
            case "1.0" or "1.0.0" or "1.0.1" or "1.0.2" or "1.0.3":
                version = XapiVersion.V1;
                return true;
            case { } text when text == "2.0" || (text.StartsWith("2.0.", StringComparison.Ordinal) && text[4..].All(char.IsAsciiDigit) && text.Length > 4):
                version = XapiVersion.V2;
                return true;
            default:
                version = default;
                return false;
        }
    }
}
