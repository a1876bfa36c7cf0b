namespace LtiPd.LtiTool.Registration;

/// <summary>
/// The SSRF rule for every URL registration calls or stores: https only, except plain http to
/// <c>localhost</c> or <c>127.0.0.1</c> in Development, where the dev LMS and test mocks run.
/// </summary>
public static class RegistrationUrls
{
    /// <summary>Returns why <paramref name="url"/> may not be used, or null when it may.</summary>
    public static string? Check(string? url, bool isDevelopment)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"'{url}' is not an absolute URL without user information";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        var loopback = uri.Host is "localhost" or "127.0.0.1";
        return uri.Scheme == Uri.UriSchemeHttp && loopback && isDevelopment
            ? null
            : $"'{url}' does not use https (plain http is allowed only for localhost and 127.0.0.1 in Development)";
    }
}
