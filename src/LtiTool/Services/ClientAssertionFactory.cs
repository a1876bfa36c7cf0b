using System.Security.Cryptography;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// Signs the JWT client assertion of a client credentials request (RFC 7523 section 2.2, as the
/// LTI 1.3 Security Framework section 4.1 uses it) with the tool's current key.
/// </summary>
public sealed class ClientAssertionFactory
{
    private readonly ToolKeyStore _keys;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Creates the factory.</summary>
    public ClientAssertionFactory(ToolKeyStore keys, IOptionsMonitor<LtiServicesOptions> options, TimeProvider timeProvider)
    {
        _keys = keys;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Creates an assertion for <paramref name="registration"/>: <c>iss</c> and <c>sub</c> are the
    /// client id, <c>aud</c> the registration's token audience or else its token URL, <c>iat</c>
    /// set back a few seconds (Moodle rejects an <c>iat</c> in its future), a short <c>exp</c>, a
    /// random <c>jti</c>, and the signing key's <c>kid</c> in the header (Canvas rejects an
    /// assertion without it when the tool's key is registered as a JWKS URL).
    /// </summary>
    public async Task<string> CreateAsync(PlatformRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var credentials = await _keys.GetSigningCredentialsAsync(cancellationToken);
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var issuedAt = now.AddSeconds(-options.AssertionBackdateSeconds);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = registration.ClientId,
            Audience = string.IsNullOrEmpty(registration.TokenAudience) ? registration.TokenUrl : registration.TokenAudience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddSeconds(options.AssertionLifetimeSeconds),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = registration.ClientId,
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            },
            SigningCredentials = credentials,
        });
    }
}
