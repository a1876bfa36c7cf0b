using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LtiPd.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// The RSA keys that sign a district's badge credentials, one set per district, created on first
/// use. Private keys are stored protected by ASP.NET Core data protection; public keys are published
/// as the district's JWK set. The oldest key signs, so concurrent first uses agree.
/// </summary>
internal sealed class BadgeKeyStore
{
    private static readonly SqlText ListSql = SqlText.Portable(
        "SELECT kid AS KeyId, protected_private_key AS ProtectedPrivateKey, public_jwk AS PublicJwk FROM gamification_issuer_keys " +
        "WHERE tenant_id = @TenantId ORDER BY created_at_ms, kid");

    private static readonly SqlText InsertSql = SqlText.Portable(
        "INSERT INTO gamification_issuer_keys (tenant_id, kid, protected_private_key, public_jwk, created_at_ms) " +
        "VALUES (@TenantId, @KeyId, @ProtectedPrivateKey, @PublicJwk, @CreatedAtMs)");

    private readonly Database _database;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _timeProvider;

    // Each district's signing key is imported once and kept for the life of the process, because
    // keys are never rotated or deleted by this store.
    private readonly ConcurrentDictionary<string, (RsaSecurityKey Key, JsonWebKey PublicJwk)> _signingKeys = new(StringComparer.Ordinal);

    public BadgeKeyStore(Database database, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
    {
        _database = database;
        _protector = dataProtection.CreateProtector("LtiPd.Recognition.BadgeIssuerKeys");
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the district's public keys; empty until its first credential is signed.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetPublicKeysAsync(string tenantId, CancellationToken cancellationToken) =>
        (await ListAsync(tenantId, cancellationToken)).Select(row => new JsonWebKey(row.PublicJwk)).ToList();

    /// <summary>Returns the signing key of the district, creating it on first use, with its public JWK.</summary>
    public async Task<(RsaSecurityKey Key, JsonWebKey PublicJwk)> GetSigningKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_signingKeys.TryGetValue(tenantId, out var cached))
        {
            return cached;
        }

        var rows = await ListAsync(tenantId, cancellationToken);
        if (rows.Count == 0)
        {
            await CreateAsync(tenantId, cancellationToken);
            rows = await ListAsync(tenantId, cancellationToken);
        }

        var row = rows[0];
        var rsa = RSA.Create();
        rsa.ImportFromPem(_protector.Unprotect(row.ProtectedPrivateKey));
        var loaded = (new RsaSecurityKey(rsa) { KeyId = row.KeyId }, new JsonWebKey(row.PublicJwk));
        if (!_signingKeys.TryAdd(tenantId, loaded))
        {
            rsa.Dispose();
        }

        return _signingKeys[tenantId];
    }

    private async Task CreateAsync(string tenantId, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var publicKey = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
        jwk.KeyId = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        var publicJwk = JsonSerializer.Serialize(new { kty = jwk.Kty, use = jwk.Use, alg = jwk.Alg, kid = jwk.KeyId, n = jwk.N, e = jwk.E });
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(InsertSql, new
        {
            TenantId = tenantId,
            jwk.KeyId,
            ProtectedPrivateKey = _protector.Protect(rsa.ExportPkcs8PrivateKeyPem()),
            PublicJwk = publicJwk,
            CreatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken));
    }

    private async Task<IReadOnlyList<KeyRow>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<KeyRow>(_database.Command(ListSql, new { TenantId = tenantId }, cancellationToken))).ToList();
    }

    private sealed class KeyRow
    {
        public string KeyId { get; set; } = "";

        public string ProtectedPrivateKey { get; set; } = "";

        public string PublicJwk { get; set; } = "";
    }
}
