using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The bearer tokens <c>/devlms/token</c> issues: the client id and granted scopes, encrypted and
/// time-limited with data protection, so no table is needed to check them.
/// </summary>
public sealed class DevAccessTokens
{
    private readonly ITimeLimitedDataProtector _protector;

    /// <summary>Creates the token issuer over <paramref name="dataProtection"/>.</summary>
    public DevAccessTokens(IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _protector = dataProtection.CreateProtector("LtiPd.DevPlatform.AccessToken.v1").ToTimeLimitedDataProtector();
    }

    /// <summary>Issues a token for <paramref name="clientId"/> with <paramref name="scopes"/>.</summary>
    public string Issue(string clientId, IEnumerable<string> scopes, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return _protector.Protect(clientId + "\n" + string.Join(' ', scopes), lifetime);
    }

    /// <summary>
    /// Checks the request's <c>Authorization: Bearer</c> token against <paramref name="acceptedScopes"/>.
    /// Returns null when one of them was granted, else the RFC 6750 section 3 error response.
    /// </summary>
    public IResult? Authorize(HttpContext httpContext, string clientId, params string[] acceptedScopes)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var header = httpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Challenge(httpContext, StatusCodes.Status401Unauthorized, "invalid_request", "Send an access token from /devlms/token as 'Authorization: Bearer <token>'.");
        }

        string plain;
        try
        {
            plain = _protector.Unprotect(header["Bearer ".Length..].Trim(), out _);
        }
        catch (CryptographicException)
        {
            return Challenge(httpContext, StatusCodes.Status401Unauthorized, "invalid_token", "The access token is expired or was not issued by this dev LMS. Request a new one.");
        }

        var parts = plain.Split('\n');
        var granted = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts[0] != clientId)
        {
            return Challenge(httpContext, StatusCodes.Status401Unauthorized, "invalid_token", "The access token was issued to another client.");
        }

        return acceptedScopes.Any(granted.Contains)
            ? null
            : Challenge(httpContext, StatusCodes.Status403Forbidden, "insufficient_scope", $"This call needs one of the scopes: {string.Join(' ', acceptedScopes)}.");
    }

    private static IResult Challenge(HttpContext httpContext, int status, string error, string description)
    {
        httpContext.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\", error_description=\"{description}\"";
        return Results.Json(new { error, error_description = description }, statusCode: status);
    }
}
