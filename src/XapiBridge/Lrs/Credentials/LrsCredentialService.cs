using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>
/// Registers, lists, removes and checks LRS credentials. The command line
/// (<c>credential add/list/remove</c>) and the configuration loader both go through here.
/// </summary>
public sealed class LrsCredentialService
{
    private const int MinimumSecretLength = 16;
    private const int MaximumNameLength = 100;

    // PBKDF2 costs tens of milliseconds by design, so a secret verified once is remembered by
    // its SHA-256 for a short while instead of being re-derived on every request.
    // NOTE: the cache is per process. A credential removed or changed on another node keeps
    // working here until its entry expires, at most this long.
    private static readonly TimeSpan VerifiedSecretLifetime = TimeSpan.FromMinutes(5);

    private readonly CredentialRepository _repository;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, VerifiedSecret> _verified = new(StringComparer.Ordinal);

    internal LrsCredentialService(CredentialRepository repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Adds a credential, or replaces the secret, scopes and tenant of an existing key. Returns
    /// an error naming the invalid argument instead of storing anything.
    /// </summary>
    public async Task<LrsResult<LrsCredential>> AddAsync(
        string key, string secret, IEnumerable<string> scopes, string tenant, CancellationToken cancellationToken) =>
        await AddAsync(key, secret, scopes, tenant, "api", cancellationToken);

    /// <summary>Lists every credential, without secrets, ordered by tenant and key.</summary>
    public async Task<IReadOnlyList<LrsCredential>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await _repository.ListAsync(cancellationToken);
        return rows.Select(ToCredential).ToList();
    }

    /// <summary>Removes a credential. Returns false when no credential has that key.</summary>
    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _verified.TryRemove(key, out _);
        return await _repository.DeleteAsync(key, cancellationToken);
    }

    /// <summary>Returns the credential for a key and secret, or null when they do not match.</summary>
    public async Task<LrsCredential?> AuthenticateAsync(string key, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(secret);
        var secretDigest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var now = _timeProvider.GetUtcNow();
        if (_verified.TryGetValue(key, out var cached) && cached.ExpiresAt > now
            && CryptographicOperations.FixedTimeEquals(cached.SecretDigest, secretDigest))
        {
            return cached.Credential;
        }

        var row = await _repository.FindAsync(key, cancellationToken);
        if (row is null || !SecretHasher.Verify(secret, row.SecretHash))
        {
            return null;
        }

        var credential = ToCredential(row);
        _verified[key] = new VerifiedSecret(credential, secretDigest, now + VerifiedSecretLifetime);
        return credential;
    }

    internal async Task<LrsResult<LrsCredential>> AddAsync(
        string key, string secret, IEnumerable<string> scopes, string tenant, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var error = ValidateKey(key) ?? ValidateSecret(secret) ?? ValidateTenant(tenant);
        if (error is not null)
        {
            return error;
        }

        if (!LrsScopeNames.TryParse(scopes, out var parsedScopes, out var unknown))
        {
            return LrsErrors.InvalidParameter("Scopes",
                $"Scope '{unknown}' is not an xAPI scope. Use any of: {string.Join(", ", LrsScopeNames.All)}.");
        }

        if (parsedScopes == LrsScopes.None)
        {
            return LrsErrors.InvalidParameter("Scopes",
                $"No scope given for credential '{key}'. Grant at least one of: {string.Join(", ", LrsScopeNames.All)}.");
        }

        var row = new CredentialRow(key, tenant, SecretHasher.Hash(secret), LrsScopeNames.Format(parsedScopes), source,
            _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await _repository.UpsertAsync(row, cancellationToken);
        _verified.TryRemove(key, out _);
        return (await _repository.FindAsync(key, cancellationToken)) is { } stored ? ToCredential(stored) : ToCredential(row);
    }

    private static LrsError? ValidateKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaximumNameLength || key.Contains(':', StringComparison.Ordinal))
        {
            return LrsErrors.InvalidParameter("Key",
                $"Credential key '{key}' is invalid. Use 1 to {MaximumNameLength} characters without a colon, because HTTP Basic auth splits on the first colon.");
        }

        return null;
    }

    private static LrsError? ValidateSecret(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
        {
            return LrsErrors.InvalidParameter("Secret",
                $"The credential secret is too short. Use at least {MinimumSecretLength} characters, ideally a random string.");
        }

        return null;
    }

    private static LrsError? ValidateTenant(string tenant)
    {
        if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > MaximumNameLength)
        {
            return LrsErrors.InvalidParameter("Tenant",
                $"Tenant '{tenant}' is invalid. Name the district the credential belongs to, in 1 to {MaximumNameLength} characters.");
        }

        return null;
    }

    private static LrsCredential ToCredential(CredentialRow row)
    {
        // Stored scope lists were written by Format, so they always parse.
        _ = LrsScopeNames.TryParse([row.Scopes], out var scopes, out _);
        return new LrsCredential(row.CredentialKey, row.Tenant, scopes, row.Source,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs));
    }

    private sealed record VerifiedSecret(LrsCredential Credential, byte[] SecretDigest, DateTimeOffset ExpiresAt);
}
