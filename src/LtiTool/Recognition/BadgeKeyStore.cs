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
/// use. Private keys are stored protected by ASP.NET Core data protection; every public key, old
/// or new, stays published in the district's JWK set, so credentials signed before a rotation
/// still verify. The newest key signs (ties broken by kid, so every process picks the same one).
/// </summary>
internal sealed class BadgeKeyStore
{
    private static readonly SqlText ListSql = SqlText.Portable(
        "SELECT kid AS KeyId, protected_private_key AS ProtectedPrivateKey, public_jwk AS PublicJwk, created_at_ms AS CreatedAtMs FROM gamification_issuer_keys " +
        "WHERE tenant_id = @TenantId ORDER BY created_at_ms, kid");

    private static readonly SqlText InsertSql = SqlText.Portable(
        "INSERT INTO gamification_issuer_keys (tenant_id, kid, protected_private_key, public_jwk, created_at_ms) " +
        "VALUES (@TenantId, @KeyId, @ProtectedPrivateKey, @PublicJwk, @CreatedAtMs)");

    private readonly Database _database;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _timeProvider;

    // Imported keys by district and kid. The choice of signing key is read from the database on
    // each use, so a rotation by the command line reaches a running server at once.
    private readonly ConcurrentDictionary<(string TenantId, string KeyId), RsaSecurityKey> _imported = new();

    public BadgeKeyStore(Database database, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
    {
        _database = database;
        _protector = dataProtection.CreateProtector("LtiPd.Recognition.BadgeIssuerKeys");
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the district's public keys, oldest first; empty until its first credential is signed.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetPublicKeysAsync(string tenantId, CancellationToken cancellationToken) =>
        (await ListAsync(tenantId, cancellationToken)).Select(row => new JsonWebKey(row.PublicJwk)).ToList();

    /// <summary>Returns the district's keys, oldest first, with their creation time and whether each one signs.</summary>
    public async Task<IReadOnlyList<BadgeKeyInfo>> ListKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var rows = await ListAsync(tenantId, cancellationToken);
        var signing = rows.Count == 0 ? null : Newest(rows).KeyId;
        return rows.Select(row => new BadgeKeyInfo(row.KeyId, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs), row.KeyId == signing)).ToList();
    }

    /// <summary>Returns the signing key of the district, creating it on first use, with its public JWK.</summary>
    public async Task<(RsaSecurityKey Key, JsonWebKey PublicJwk)> GetSigningKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        var rows = await ListAsync(tenantId, cancellationToken);
        if (rows.Count == 0)
        {
            await CreateAsync(tenantId, cancellationToken);
            rows = await ListAsync(tenantId, cancellationToken);
        }

        var row = Newest(rows);
        var key = _imported.GetOrAdd((tenantId, row.KeyId), _ =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(_protector.Unprotect(row.ProtectedPrivateKey));
            return new RsaSecurityKey(rsa) { KeyId = row.KeyId };
        });
        return (key, new JsonWebKey(row.PublicJwk));
    }

    /// <summary>
    /// Adds a new key that signs from now on and returns its kid. The older keys stay published, so
    /// credentials they signed keep verifying.
    /// </summary>
    /// <remarks>
    /// NOTE: the new key signs at once. A verifier that cached the key set before the rotation must
    /// fetch it again when it meets the new kid.
    /// </remarks>
    public async Task<string> RotateAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var before = await ListAsync(tenantId, cancellationToken);
        return await CreateAsync(tenantId, cancellationToken, before.Count == 0 ? 0 : before.Max(row => row.CreatedAtMs) + 1);
    }

    private static KeyRow Newest(IReadOnlyList<KeyRow> rows) =>
        rows.OrderByDescending(row => row.CreatedAtMs).ThenByDescending(row => row.KeyId, StringComparer.Ordinal).First();

    // notBeforeMs keeps a rotated key newer than every older key even when the clock has not
    // advanced or went back, so a rotation always changes the signing key.
    private async Task<string> CreateAsync(string tenantId, CancellationToken cancellationToken, long notBeforeMs = 0)
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
            CreatedAtMs = Math.Max(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), notBeforeMs),
        }, cancellationToken));
        return jwk.KeyId;
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

        public long CreatedAtMs { get; set; }
    }
}
