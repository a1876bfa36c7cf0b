using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Remembers used id_token nonces per registration in the database, so a token is accepted once
/// across every node (LTI 1.3 Security Framework section 5.1.3, step 9).
/// </summary>
public sealed class NonceStore
{
    private static readonly SqlText InsertIfNew = SqlText.PerProvider(
        sqlite: "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) VALUES (@RegistrationId, @Nonce, @ExpiresAtMs) " +
                "ON CONFLICT (registration_id, nonce) DO NOTHING",
        postgreSql: "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) VALUES (@RegistrationId, @Nonce, @ExpiresAtMs) " +
                    "ON CONFLICT (registration_id, nonce) DO NOTHING",
        sqlServer: "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) SELECT @RegistrationId, @Nonce, @ExpiresAtMs " +
                   "WHERE NOT EXISTS (SELECT 1 FROM used_nonces WITH (UPDLOCK, HOLDLOCK) WHERE registration_id = @RegistrationId AND nonce = @Nonce)");

    private static readonly SqlText DeleteExpired = SqlText.Portable(
        "DELETE FROM used_nonces WHERE expires_at_ms < @Before");

    private readonly Database _database;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public NonceStore(Database database)
    {
        _database = database;
    }

    /// <summary>
    /// Records <paramref name="nonce"/> as used until <paramref name="rememberUntil"/>. Returns
    /// false when it was used before. Runs inside the caller's transaction.
    /// </summary>
    public async Task<bool> TryUseAsync(
        DbConnection connection,
        DbTransaction transaction,
        string registrationId,
        string nonce,
        DateTimeOffset rememberUntil)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // Not cancellable: a nonce write that starts must finish (security-relevant write).
        var inserted = await _database.ExecuteAsync(connection, InsertIfNew, new
        {
            RegistrationId = registrationId,
            Nonce = nonce,
            ExpiresAtMs = rememberUntil.ToUnixTimeMilliseconds(),
        }, CancellationToken.None, transaction);
        return inserted == 1;
    }

    /// <summary>
    /// Records the SHA-256 of <paramref name="value"/> as used in <paramref name="scope"/> until
    /// <paramref name="rememberUntil"/>, in one statement of its own. Returns false when it was
    /// used before. A scope (at most 128 characters) keeps these values apart from the platform
    /// nonces, which use a registration id as theirs. The hash bounds the stored length.
    /// </summary>
    public async Task<bool> TryUseOnceAsync(string scope, string value, DateTimeOffset rememberUntil)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(value);

        // Not cancellable: a write that starts must finish (security-relevant write).
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var inserted = await connection.ExecuteAsync(_database.Command(InsertIfNew, new
        {
            RegistrationId = scope,
            Nonce = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))),
            ExpiresAtMs = rememberUntil.ToUnixTimeMilliseconds(),
        }, CancellationToken.None));
        return inserted == 1;
    }

    /// <summary>Deletes nonces remembered until before <paramref name="before"/>. Returns the count.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(
            DeleteExpired, new { Before = before.ToUnixTimeMilliseconds() }, cancellationToken));
    }
}
