using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LtiPd.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>
/// The tool's RSA signing keys, kept in the database so every node signs with the same key. The
/// private key is encrypted with ASP.NET Core data protection before it is stored and is never
/// logged. Rotation is two-phase: a next key is published first, and only later made current.
/// </summary>
public sealed partial class ToolKeyStore
{
    /// <summary>How long a retired key stays published, so tokens signed just before rotation verify.</summary>
    public static readonly TimeSpan RetiredKeyGrace = TimeSpan.FromDays(2);

    private const int KeySizeBits = 2048;
    private const string ProtectorPurpose = "LtiPd.ToolKeys.v1";

    private static readonly SqlText SelectAll = SqlText.Portable(
        "SELECT kid AS KeyId, status AS Status, protected_private_key AS ProtectedPrivateKey, public_jwk AS PublicJwk, " +
        "created_at_ms AS CreatedAtMs, activated_at_ms AS ActivatedAtMs, retired_at_ms AS RetiredAtMs FROM tool_keys ORDER BY created_at_ms");

    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO tool_keys (kid, status, protected_private_key, public_jwk, created_at_ms, activated_at_ms) " +
        "VALUES (@KeyId, @Status, @ProtectedPrivateKey, @PublicJwk, @Now, @ActivatedAtMs)");

    private static readonly SqlText RetireCurrent = SqlText.Portable(
        "UPDATE tool_keys SET status = 'Retired', retired_at_ms = @Now WHERE status = 'Current'");

    private static readonly SqlText PromoteNext = SqlText.Portable(
        "UPDATE tool_keys SET status = 'Current', activated_at_ms = @Now WHERE status = 'Next'");

    private static readonly SqlText DeleteOldRetired = SqlText.Portable(
        "DELETE FROM tool_keys WHERE status = 'Retired' AND retired_at_ms < @Before");

    private readonly Database _database;
    private readonly IDataProtector _protector;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ToolKeyStore> _logger;
    private volatile SigningCredentials? _cachedCredentials;
    private DateTimeOffset _cachedAt;

    /// <summary>Creates the store.</summary>
    public ToolKeyStore(
        Database database,
        IDataProtectionProvider dataProtection,
        IOptionsMonitor<LtiOptions> options,
        TimeProvider timeProvider,
        ILogger<ToolKeyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _database = database;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Creates the first key when there is none. Safe to call from several nodes at once.</summary>
    public async Task EnsureCurrentKeyAsync(CancellationToken cancellationToken)
    {
        var keys = await ListAsync(cancellationToken);
        if (keys.Any(key => key.Status == ToolKeyStatus.Current))
        {
            return;
        }

        try
        {
            var kid = await InsertNewKeyAsync(ToolKeyStatus.Current, cancellationToken);
            Log.KeyCreated(_logger, kid, ToolKeyStatus.Current);
        }
        catch (Exception exception) when (IsUniqueViolation(exception))
        {
            // Another node created the current key first; use theirs.
        }
    }

    /// <summary>Returns the credentials that sign the tool's messages now.</summary>
    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        // A short cache keeps signing off the database, and lets other nodes see a rotation within a minute.
        var cached = _cachedCredentials;
        if (cached is not null && _timeProvider.GetUtcNow() - _cachedAt < TimeSpan.FromMinutes(1))
        {
            return cached;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(_database.Command(SelectAll, null, cancellationToken));
        var current = rows.SingleOrDefault(row => row.Status == nameof(ToolKeyStatus.Current))
            ?? throw new InvalidOperationException("The tool has no current signing key. Start the tool once, or run 'keys rotate', to create one.");

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(current.ProtectedPrivateKey)), out _);
        var credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = current.KeyId }, SecurityAlgorithms.RsaSha256);
        _cachedCredentials = credentials;
        _cachedAt = _timeProvider.GetUtcNow();
        return credentials;
    }

    /// <summary>Lists every stored key (public parts only).</summary>
    public async Task<IReadOnlyList<ToolKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(_database.Command(SelectAll, null, cancellationToken));
        return rows.Select(row => new ToolKey(
                row.KeyId,
                Enum.Parse<ToolKeyStatus>(row.Status),
                new JsonWebKey(row.PublicJwk),
                DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs),
                row.ActivatedAtMs is { } activated ? DateTimeOffset.FromUnixTimeMilliseconds(activated) : null,
                row.RetiredAtMs is { } retired ? DateTimeOffset.FromUnixTimeMilliseconds(retired) : null))
            .ToList();
    }

    /// <summary>Returns the public keys to publish: current, next, and recently retired.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var keys = await ListAsync(cancellationToken);
        return keys
            .Where(key => key.Status != ToolKeyStatus.Retired || key.RetiredAt > now - RetiredKeyGrace)
            .Select(key => key.PublicJwk)
            .ToList();
    }

    /// <summary>
    /// Advances the rotation by one step. Without a next key, creates and publishes one. With a
    /// next key published for at least <see cref="LtiOptions.KeyPublishMinutes"/> (or when
    /// <paramref name="force"/> is set), makes it current and retires the old one.
    /// </summary>
    public async Task<KeyRotationResult> RotateAsync(bool force, CancellationToken cancellationToken)
    {
        var keys = await ListAsync(cancellationToken);
        var next = keys.SingleOrDefault(key => key.Status == ToolKeyStatus.Next);
        var now = _timeProvider.GetUtcNow();

        if (next is null)
        {
            var kid = await InsertNewKeyAsync(ToolKeyStatus.Next, cancellationToken);
            Log.KeyCreated(_logger, kid, ToolKeyStatus.Next);
            return new KeyRotationResult(KeyRotationStep.NextKeyPublished, kid, now + TimeSpan.FromMinutes(_options.CurrentValue.KeyPublishMinutes));
        }

        var earliest = next.CreatedAt + TimeSpan.FromMinutes(_options.CurrentValue.KeyPublishMinutes);
        if (!force && now < earliest)
        {
            return new KeyRotationResult(KeyRotationStep.Waiting, next.KeyId, earliest);
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var nowMs = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(_database.Command(RetireCurrent, new { Now = nowMs }, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(PromoteNext, new { Now = nowMs }, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(
            DeleteOldRetired, new { Before = (now - RetiredKeyGrace).ToUnixTimeMilliseconds() }, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);

        _cachedCredentials = null;
        Log.KeyActivated(_logger, next.KeyId);
        return new KeyRotationResult(KeyRotationStep.Activated, next.KeyId, null);
    }

    private async Task<string> InsertNewKeyAsync(ToolKeyStatus status, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(KeySizeBits);
        var publicKey = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
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

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Insert, new
        {
            KeyId = kid,
            Status = status.ToString(),
            ProtectedPrivateKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            PublicJwk = JsonSerializer.Serialize(published),
            Now = now,
            ActivatedAtMs = status == ToolKeyStatus.Current ? now : (long?)null,
        }, cancellationToken));
        return kid;
    }

    private static bool IsUniqueViolation(Exception exception) =>
        exception is System.Data.Common.DbException dbException
        && (dbException.SqlState == "23505"
            || dbException.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase)
            || dbException.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase));

    private sealed record KeyRow(
        string KeyId,
        string Status,
        string ProtectedPrivateKey,
        string PublicJwk,
        long CreatedAtMs,
        long? ActivatedAtMs,
        long? RetiredAtMs);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, EventName = "ToolKeyCreated", Level = LogLevel.Information,
            Message = "Created tool signing key {KeyId} as {Status}")]
        public static partial void KeyCreated(ILogger logger, string keyId, ToolKeyStatus status);

        [LoggerMessage(EventId = 1302, EventName = "ToolKeyActivated", Level = LogLevel.Information,
            Message = "Tool signing key {KeyId} is now current; the previous key is retired")]
        public static partial void KeyActivated(ILogger logger, string keyId);
    }
}
