namespace LtiPd.LtiTool.Sessions;

/// <summary>
/// Cookie settings for a tool that lives in a cross-site LMS iframe: <c>SameSite=None; Secure</c>
/// so the browser sends them inside the frame, and <c>Partitioned</c> (CHIPS) so browsers that
/// block third-party cookies still keep them, keyed to the LMS's top-level site.
/// </summary>
public static class SessionCookies
{
    /// <summary>The session cookie's name. The __Host- prefix pins it to this host and path /.</summary>
    public const string SessionCookieName = "__Host-ltipd_session";

    /// <summary>The prefix of per-login cookies that bind a state to the browser.</summary>
    public const string LoginCookiePrefix = "__Host-ltipd_login_";

    /// <summary>Cookie options for an iframe-safe cookie with the given lifetime.</summary>
    public static CookieOptions CrossSite(TimeSpan maxAge)
    {
        var options = new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.None,
            Path = "/",
            MaxAge = maxAge,
            IsEssential = true,
        };
        options.Extensions.Add("Partitioned");
        return options;
    }

    /// <summary>The name of the cookie that binds the login <paramref name="state"/> to this browser.</summary>
    public static string LoginCookieName(string state) => LoginCookiePrefix + state;
}
