using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Sessions;

/// <summary>Random values for state, nonce, session ids and CSRF tokens.</summary>
public static class Tokens
{
    /// <summary>Returns 256 random bits from the OS CSPRNG, base64url-encoded (43 characters).</summary>
    public static string NewRandom() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
