using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Validates an LTI 1.3 id_token against the login that started it, one named step per rule of
/// LTI 1.3 Security Framework section 5.1.3 and OIDC Core section 3.1.3.7. The algorithm comes
/// from our allow-list and the key from the registration's JWKS, never from the token header.
/// </summary>
public sealed class IdTokenValidator
{
    private const int MaxSubjectLength = 255;

    private readonly PlatformKeyCache _keyCache;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the validator.</summary>
    public IdTokenValidator(PlatformKeyCache keyCache, IOptionsMonitor<LtiOptions> options, TimeProvider timeProvider)
    {
        _keyCache = keyCache;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Validates <paramref name="idToken"/>; returns the claims or the first failed rule.</summary>
    public async Task<(ValidatedIdToken? Token, LaunchFailure? Failure)> ValidateAsync(
        string idToken,
        LoginState login,
        PlatformRegistration registration,
        ToolUrls toolUrls,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(toolUrls);
        var options = _options.CurrentValue;

        // The same bound JsonWebTokenHandler applies (256,000 characters), checked before any
        // decoding work and reported as its own reason rather than as a bad signature.
        if (idToken.Length > TokenValidationParameters.DefaultMaximumTokenSizeInBytes)
        {
            return Fail(LaunchErrors.IdTokenTooLarge, $"{idToken.Length} characters");
        }

        var token = ReadToken(idToken, out var malformed);
        if (token is null)
        {
            return Fail(LaunchErrors.IdTokenMalformed, malformed);
        }

        if (ValidateHeader(token, options) is { } headerFailure)
        {
            return (null, headerFailure);
        }

        // Launches almost always find the key cached; only a miss pays for an awaited lookup.
        var lookup = _keyCache.FindCachedSigningKey(registration.JwksUrl, token.Kid)
            ?? await _keyCache.FindSigningKeyAsync(registration.JwksUrl, token.Kid, cancellationToken);
        switch (lookup.Status)
        {
            case KeyLookupStatus.Unavailable:
                return Fail(LaunchErrors.JwksUnavailable, registration.JwksUrl);
            case KeyLookupStatus.UnknownKid:
                return Fail(LaunchErrors.KidUnknown, $"kid '{token.Kid}'");
            case KeyLookupStatus.NotAllowed:
                return Fail(LaunchErrors.KeyNotAllowed, $"kid '{token.Kid}': {lookup.Detail}");
            case KeyLookupStatus.Found:
            default:
                break;
        }

        if (!ValidateSignature(idToken, token, lookup.Key!))
        {
            return Fail(LaunchErrors.SignatureInvalid, $"kid '{token.Kid}'");
        }

        var request = token.Request;
        var claims = token.RegisteredClaims;
        var failure = ValidateClaimTypes(claims) ?? ValidateIssuer(request, registration) ?? ValidateAudience(claims, registration);
        if (failure is not null)
        {
            return (null, failure);
        }

        failure = ValidateLifetime(claims, options, out var expiresAt) ?? ValidateNonceMatchesLogin(request, login);
        if (failure is not null)
        {
            return (null, failure);
        }

        failure = ValidateMessage(request, login, toolUrls);
        return failure is null
            ? (new ValidatedIdToken(request, token.Kid, expiresAt), null)
            : (null, failure);
    }

    /// <summary>Splits and decodes <paramref name="idToken"/>; returns null, with the reason in <paramref name="problem"/>, when it is malformed.</summary>
    private static JwsParts? ReadToken(string idToken, out string? problem)
    {
        // A JWE has five parts; LTI id_tokens are always a signed JWS of three, in the compact
        // serialization (RFC 7515 section 7.1): BASE64URL(header).BASE64URL(payload).BASE64URL(signature).
        if (string.IsNullOrEmpty(idToken) || idToken.AsSpan().Count('.') != 2)
        {
            problem = "the id_token does not have three parts separated by dots";
            return null;
        }

        var firstDot = idToken.IndexOf('.', StringComparison.Ordinal);
        var lastDot = idToken.LastIndexOf('.');
        if (!TryReadHeader(idToken.AsSpan(0, firstDot), out var algorithm, out var keyId))
        {
            problem = "the header is not one JSON object in base64url";
            return null;
        }

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(idToken.AsSpan(lastDot + 1));
        }
        catch (FormatException)
        {
            problem = "the signature is not base64url";
            return null;
        }

        // The payload is decoded into a pooled buffer and read in one pass straight into the
        // message model, which keeps no reference to the buffer.
        var encodedPayload = idToken.AsSpan(firstDot + 1, lastDot - firstDot - 1);
        var payloadBuffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encodedPayload.Length));
        try
        {
            int payloadLength;
            try
            {
                payloadLength = Base64Url.DecodeFromChars(encodedPayload, payloadBuffer);
            }
            catch (FormatException)
            {
                problem = "the payload is not base64url";
                return null;
            }

            var request = LtiRequest.Read(payloadBuffer.AsSpan(0, payloadLength), out var registeredClaims, out problem);
            return request is null
                ? null
                : new JwsParts(algorithm ?? string.Empty, keyId ?? string.Empty, request, registeredClaims, signature, lastDot);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payloadBuffer);
        }
    }

    /// <summary>
    /// Reads alg and kid from the encoded header in one pass. The header must be one JSON object.
    /// When a name occurs twice the last one counts, as with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// before, and a value that is not a string reads as absent.
    /// </summary>
    private static bool TryReadHeader(ReadOnlySpan<char> encodedHeader, out string? algorithm, out string? keyId)
    {
        algorithm = null;
        keyId = null;
        var rented = encodedHeader.Length > 512 ? ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encodedHeader.Length)) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[384];
            var length = Base64Url.DecodeFromChars(encodedHeader, buffer);
            var reader = new Utf8JsonReader(buffer[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAlgorithm = reader.ValueTextEquals("alg"u8);
                var isKeyId = !isAlgorithm && reader.ValueTextEquals("kid"u8);
                reader.Read();
                var text = reader.TokenType == JsonTokenType.String && (isAlgorithm || isKeyId) ? reader.GetString() : null;
                reader.Skip();
                if (isAlgorithm)
                {
                    algorithm = text;
                }
                else if (isKeyId)
                {
                    keyId = text;
                }
            }

            // Anything after the closing brace other than whitespace makes the reader throw.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            // InvalidOperationException: GetString found a string that is not valid UTF-8.
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static LaunchFailure? ValidateHeader(JwsParts token, LtiOptions options)
    {
        // The allow-list decides; "none", HS256 and anything else the header claims are rejected
        // before a key is even looked up.
        if (!ContainsOrdinal(options.AllowedAlgorithms, token.Alg))
        {
            return new LaunchFailure(LaunchErrors.AlgorithmNotAllowed, $"alg '{token.Alg}'");
        }

        if (string.IsNullOrWhiteSpace(token.Kid))
        {
            return new LaunchFailure(LaunchErrors.KidMissing);
        }

        return null;
    }

    private static bool ValidateSignature(string idToken, JwsParts token, JsonWebKey key)
    {
        // RFC 7515 section 5.2: the signature covers the ASCII bytes of "header.payload". The
        // header's alg passed the allow-list and the key is an RSA signing key of the minimum size,
        // so only the signature is left to check. IdentityModel's factory caches one signature
        // provider per key and algorithm, so launches reuse it.
        if (RsaVerifier.HashFor(token.Alg) is { } hash && (string.IsNullOrEmpty(key.Alg) || key.Alg == token.Alg))
        {
            return VerifyRsa(idToken, token, key, hash);
        }

        var factory = key.CryptoProviderFactory;
        SignatureProvider provider;
        try
        {
            provider = factory.CreateForVerifying(key, token.Alg);
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return false;
        }

        // The signing input goes into a pooled buffer, because a token is several kilobytes.
        var signingInput = ArrayPool<byte>.Shared.Rent(token.SignatureStart);
        try
        {
            var length = Encoding.ASCII.GetBytes(idToken.AsSpan(0, token.SignatureStart), signingInput);
            // An empty signature fails here as SignatureInvalid, as an unsigned token should.
            return token.Signature.Length > 0 && provider.Verify(signingInput, 0, length, token.Signature, 0, token.Signature.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signingInput);
            factory.ReleaseSignatureProvider(provider);
        }
    }

    private static bool VerifyRsa(string idToken, JwsParts token, JsonWebKey key, HashAlgorithmName hash)
    {
        // An empty signature fails here as SignatureInvalid, as an unsigned token should.
        if (token.Signature.Length == 0)
        {
            return false;
        }

        try
        {
            return RsaVerifier.VerifyAscii(key, hash, idToken.AsSpan(0, token.SignatureStart), token.Signature);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static LaunchFailure? ValidateClaimTypes(IdTokenRegisteredClaims claims) =>
        claims.InvalidClaim is { } detail ? new LaunchFailure(LaunchErrors.ClaimInvalid, detail) : null;

    private static LaunchFailure? ValidateIssuer(LtiRequest request, PlatformRegistration registration)
    {
        var issuer = request.Issuer;
        return string.Equals(issuer, registration.Issuer, StringComparison.Ordinal)
            ? null
            : new LaunchFailure(LaunchErrors.IssuerMismatch, $"iss '{issuer}', expected '{registration.Issuer}'");
    }

    private static LaunchFailure? ValidateAudience(IdTokenRegisteredClaims claims, PlatformRegistration registration)
    {
        var audiences = claims.Audiences;
        if (!ContainsOrdinal(audiences, registration.ClientId))
        {
            return new LaunchFailure(LaunchErrors.AudienceMismatch, $"aud [{string.Join(", ", audiences)}], expected '{registration.ClientId}'");
        }

        // OIDC Core 3.1.3.7 (4, 5): with several audiences azp is required, and when present it
        // must be our client_id. Schoology sends a one-element array without azp, which is fine.
        var authorizedParty = claims.AuthorizedParty;
        if (audiences.Count > 1 && authorizedParty is null)
        {
            return new LaunchFailure(LaunchErrors.AuthorizedPartyMismatch, "azp missing with several audiences");
        }

        if (authorizedParty is not null && !string.Equals(authorizedParty, registration.ClientId, StringComparison.Ordinal))
        {
            return new LaunchFailure(LaunchErrors.AuthorizedPartyMismatch, $"azp '{authorizedParty}'");
        }

        return null;
    }

    private LaunchFailure? ValidateLifetime(IdTokenRegisteredClaims claims, LtiOptions options, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        var now = _timeProvider.GetUtcNow();
        var skew = TimeSpan.FromSeconds(options.ClockSkewSeconds);

        if (claims.ExpiresAt is not { } exp)
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, "exp");
        }

        if (claims.IssuedAt is not { } issuedAt)
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, "iat");
        }

        expiresAt = exp;
        if (now > exp + skew)
        {
            return new LaunchFailure(LaunchErrors.TokenExpired, $"exp {exp:O}, now {now:O}");
        }

        if (issuedAt > now + skew)
        {
            return new LaunchFailure(LaunchErrors.TokenNotYetValid, $"iat {issuedAt:O}, now {now:O}");
        }

        if (claims.NotBefore is { } notBefore && notBefore > now + skew)
        {
            return new LaunchFailure(LaunchErrors.TokenNotYetValid, $"nbf {notBefore:O}, now {now:O}");
        }

        return null;
    }

    private static LaunchFailure? ValidateNonceMatchesLogin(LtiRequest request, LoginState login)
    {
        var nonce = request.Nonce;
        if (string.IsNullOrEmpty(nonce))
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, "nonce");
        }

        return string.Equals(nonce, login.Nonce, StringComparison.Ordinal)
            ? null
            : new LaunchFailure(LaunchErrors.NonceMismatch);
    }

    private static LaunchFailure? ValidateMessage(LtiRequest request, LoginState login, ToolUrls toolUrls)
    {
        if (request.MessageType is null)
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.MessageType);
        }

        if (!LtiMessageTypes.IsSupported(request.MessageType))
        {
            return new LaunchFailure(LaunchErrors.MessageTypeUnsupported, $"message_type '{request.MessageType}'");
        }

        if (request.Version != "1.3.0")
        {
            return request.Version is null
                ? new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.Version)
                : new LaunchFailure(LaunchErrors.VersionUnsupported, $"version '{request.Version}'");
        }

        return ValidateDeployment(request, login)
            ?? ValidateSubject(request)
            ?? ValidateStoredIds(request)
            ?? ValidateRolesPresent(request)
            ?? ValidateMessageTypeClaims(request)
            ?? ValidateTargetLinkUri(request, toolUrls);
    }

    private static LaunchFailure? ValidateDeployment(LtiRequest request, LoginState login)
    {
        if (string.IsNullOrEmpty(request.DeploymentId))
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.DeploymentId);
        }

        if (request.DeploymentId.Length > 255)
        {
            return new LaunchFailure(LaunchErrors.ClaimInvalid, "deployment_id longer than 255 characters");
        }

        return login.DeploymentId is not null && !string.Equals(login.DeploymentId, request.DeploymentId, StringComparison.Ordinal)
            ? new LaunchFailure(LaunchErrors.DeploymentMismatch, $"deployment_id '{request.DeploymentId}', login named '{login.DeploymentId}'")
            : null;
    }

    private static LaunchFailure? ValidateStoredIds(LtiRequest request)
    {
        // These ids key the stored user, course and resource link. LTI 1.3 Core caps sub at 255
        // ASCII characters; the context and resource link ids share that column size.
        return ValidateStoredId("sub", request.Subject)
            ?? ValidateStoredId(LtiClaimNames.Context + " id", request.Context?.Id)
            ?? ValidateStoredId(LtiClaimNames.ResourceLink + " id", request.ResourceLink?.Id);
    }

    private static LaunchFailure? ValidateStoredId(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxSubjectLength)
        {
            return new LaunchFailure(LaunchErrors.ClaimInvalid, $"{name} longer than {MaxSubjectLength} characters");
        }

        // char.IsControl is exactly these two ranges; the span search is vectorized.
        return value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F')
            ? new LaunchFailure(LaunchErrors.ClaimInvalid, $"{name} contains control characters")
            : null;
    }

    private static LaunchFailure? ValidateSubject(LtiRequest request)
    {
        // LTI allows anonymous launches without sub, but PD records need a person.
        if (string.IsNullOrEmpty(request.Subject))
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, "sub");
        }

        return request.Subject.Length > MaxSubjectLength
            ? new LaunchFailure(LaunchErrors.ClaimInvalid, $"sub longer than {MaxSubjectLength} characters")
            : null;
    }

    private static LaunchFailure? ValidateRolesPresent(LtiRequest request) =>
        request.HasRolesClaim ? null : new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.Roles);

    private static LaunchFailure? ValidateMessageTypeClaims(LtiRequest request)
    {
        switch (request.MessageType)
        {
            case LtiMessageTypes.ResourceLinkRequest when request.ResourceLink is null:
                return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.ResourceLink + " (with id)");
            case LtiMessageTypes.DeepLinkingRequest when request.DeepLinkingSettings is null:
                return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.DeepLinkingSettings + " (with deep_link_return_url)");
            case LtiMessageTypes.SubmissionReviewRequest when request.ResourceLink is null:
                return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.ResourceLink + " (with id)");
            case LtiMessageTypes.SubmissionReviewRequest when request.ForUserSubject is null:
                return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.ForUser + " (with user_id)");
            default:
                return null;
        }
    }

    private static LaunchFailure? ValidateTargetLinkUri(LtiRequest request, ToolUrls toolUrls)
    {
        if (string.IsNullOrEmpty(request.TargetLinkUri))
        {
            return new LaunchFailure(LaunchErrors.ClaimMissing, LtiClaimNames.TargetLinkUri);
        }

        return toolUrls.IsOwnUrl(request.TargetLinkUri)
            ? null
            : new LaunchFailure(LaunchErrors.TargetLinkUriMismatch, $"target_link_uri '{request.TargetLinkUri}'");
    }

    /// <summary>Returns whether <paramref name="values"/> contains <paramref name="value"/>, without a LINQ enumerator per launch.</summary>
    private static bool ContainsOrdinal(IReadOnlyList<string> values, string value)
    {
        for (var index = 0; index < values.Count; index++)
        {
            if (string.Equals(values[index], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static (ValidatedIdToken?, LaunchFailure?) Fail(LaunchError error, string? detail = null) =>
        (null, new LaunchFailure(error, detail));

    /// <summary>A compact JWS split and decoded once, with its payload read into the message model.</summary>
    private sealed class JwsParts(
        string alg, string kid, LtiRequest request, IdTokenRegisteredClaims registeredClaims, byte[] signature, int signatureStart)
    {
        public string Alg { get; } = alg;

        public string Kid { get; } = kid;

        public LtiRequest Request { get; } = request;

        public IdTokenRegisteredClaims RegisteredClaims { get; } = registeredClaims;

        public byte[] Signature { get; } = signature;

        /// <summary>The index of the dot before the signature: the length of the signing input.</summary>
        public int SignatureStart { get; } = signatureStart;
    }
}
