namespace LtiPd.XapiBridge.Lrs;

/// <summary>The X-Experience-API-Version values the LRS accepts (xAPI 1.0.3 Communication 3.3).</summary>
internal static class LrsVersion
{
    public const string HeaderName = "X-Experience-API-Version";

    /// <summary>The versions listed by the about resource.</summary>
    public static readonly string[] Supported = ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"];

    /// <summary>
    /// Parses a version header. 1.0 counts as 1.0.0 (xAPI 1.0.3 Communication 3.3 requires
    /// accepting it) and 2.0 as 2.0.0. Returns false for anything else.
    /// </summary>
    public static bool TryParse(string? value, out bool isVersion2)
    {
        isVersion2 = false;
        switch (value?.Trim())
        {
            case "1.0" or "1.0.0" or "1.0.1" or "1.0.2" or "1.0.3":
                return true;
            case "2.0" or "2.0.0":
                isVersion2 = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The version the LRS answers with for a request family.</summary>
    public static string ResponseVersion(bool isVersion2) => isVersion2 ? "2.0.0" : "1.0.3";
}
