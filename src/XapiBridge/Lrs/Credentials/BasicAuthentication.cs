using System.Net.Http.Headers;
using System.Text;

namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>Reads HTTP Basic credentials (RFC 7617) from an Authorization header value.</summary>
internal static class BasicAuthentication
{
    public static bool TryParse(string? authorization, out string key, out string secret)
    {
        key = "";
        secret = "";
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        key = decoded[..colon];
        secret = decoded[(colon + 1)..];
        return true;
    }
}
