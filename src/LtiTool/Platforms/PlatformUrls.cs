namespace LtiPd.LtiTool.Platforms;

/// <summary>Checks the URLs an admin gives for a platform.</summary>
public static class PlatformUrls
{
    /// <summary>Returns why <paramref name="value"/> is not a usable endpoint URL, or null when it is.</summary>
    public static string? Check(string? value, bool requireHttps)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is missing. Copy the URL from the LMS's developer key or tool registration page.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "is not an absolute http(s) URL. Use the full URL, such as https://lms.example.org/path.";
        }

        if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must use https outside Development, so tokens and keys cannot be read or changed on the way.";
        }

        return null;
    }
}
