using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LtiPd.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's RSA signing key, kept in <c>dev_platform_keys</c> with the private key
/// encrypted by ASP.NET Core data protection, as the tool keeps its own. The dev platform never
/// rotates: the first key stays until the database is deleted.
/// </summary>
public sealed class DevPlatformKeyStore
{
    private const int KeySizeBits = 2048;
    private const string ProtectorPurpose = "LtiPd.DevPlatform.Keys.v1";

    private static readonly SqlText SelectAll = SqlText.Portable(
        "SELECT kid AS KeyId, protected_private_key AS ProtectedPrivateKey, public_jwk AS PublicJwk FROM dev_platform_keys ORDER BY created_at_ms, kid");

    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO dev_platform_keys (kid, protected_private_key, public_jwk, created_at_ms) VALUES (@KeyId, @ProtectedPrivateKey, @PublicJwk, @Now)");

    private readonly Database _database;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _timeProvider;
    private volatile SigningCredentials? _credentials;

    /// <summary>Creates the store.</summary>
    public DevPlatformKeyStore(Database database, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _database = database;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _timeProvider = timeProvider;
    }

    /// <summary>Creates the key when there is none. Returns its kid.</summary>
    public async Task<string> EnsureKeyAsync(CancellationToken cancellationToken)
    {
        var existing = await ReadKeysAsync(cancellationToken);
        if (existing.Count > 0)
        {
            return existing[0].KeyId;
        }

        using var rsa = RSA.Create(KeySizeBits);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)));
        var kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        var published = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
        };

        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Insert, new
        {
            KeyId = kid,
            ProtectedPrivateKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            PublicJwk = JsonSerializer.Serialize(published),
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken));
        return kid;
    }

    /// <summary>Returns the credentials that sign id_tokens, reading the key once per process.</summary>
    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is { } cached)
        {
            return cached;
        }

        var keys = await ReadKeysAsync(cancellationToken);
        var row = keys.Count > 0
            ? keys[0]
            : throw new InvalidOperationException("The dev platform has no signing key. It is created at start-up in Development; restart the tool.");
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(row.ProtectedPrivateKey)), out _);
        var credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = row.KeyId }, SecurityAlgorithms.RsaSha256);
        _credentials = credentials;
        return credentials;
    }

    /// <summary>Returns the public keys to publish at <c>/devlms/jwks</c>.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetPublicKeysAsync(CancellationToken cancellationToken)
    {
        var keys = await ReadKeysAsync(cancellationToken);
        return keys.Select(row => new JsonWebKey(row.PublicJwk)).ToList();
    }

    private async Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(_database.Command(SelectAll, null, cancellationToken));
        return rows.ToList();
    }

    private sealed record KeyRow(string KeyId, string ProtectedPrivateKey, string PublicJwk);
}
