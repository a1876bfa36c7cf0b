namespace LtiPd.LtiTool.Sessions;

/// <summary>Reads the current request's LTI session from its cookie.</summary>
public sealed class SessionAccessor
{
    private const string ItemKey = "LtiPd.Session";
    private readonly SessionStore _sessions;

    /// <summary>Creates the accessor.</summary>
    public SessionAccessor(SessionStore sessions)
    {
        _sessions = sessions;
    }

    /// <summary>Returns the live session of <paramref name="httpContext"/>, or null (cached per request).</summary>
    public async Task<LtiSession?> GetAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Items.TryGetValue(ItemKey, out var cached))
        {
            return cached as LtiSession;
        }

        LtiSession? session = null;
        if (httpContext.Request.Cookies.TryGetValue(SessionCookies.SessionCookieName, out var sessionId) && !string.IsNullOrEmpty(sessionId))
        {
            session = await _sessions.FindAsync(sessionId, httpContext.RequestAborted);
        }

        httpContext.Items[ItemKey] = session;
        return session;
    }
}
