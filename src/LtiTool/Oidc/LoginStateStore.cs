using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Oidc;

/// <summary>
/// Keeps login records in the database, so the launch may reach any node behind a load
/// balancer, and consumes each one at most once.
/// </summary>
public sealed class LoginStateStore
{
    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO login_states (state, nonce, registration_id, deployment_id, target_link_uri, browser_binding_hash, storage_target, created_at_ms, expires_at_ms) " +
        "VALUES (@State, @Nonce, @RegistrationId, @DeploymentId, @TargetLinkUri, @BrowserBindingHash, @StorageTarget, @Now, @ExpiresAtMs)");

    private static readonly SqlText Select = SqlText.Portable(
        "SELECT state AS State, nonce AS Nonce, registration_id AS RegistrationId, deployment_id AS DeploymentId, " +
        "target_link_uri AS TargetLinkUri, browser_binding_hash AS BrowserBindingHash, expires_at_ms AS ExpiresAtMs, consumed_at_ms AS ConsumedAtMs, " +
        "storage_target AS StorageTarget " +
        "FROM login_states WHERE state = @State");

    // The WHERE clause makes consumption atomic: of two launches racing with one state, exactly
    // one update changes a row.
    private static readonly SqlText Consume = SqlText.Portable(
        "UPDATE login_states SET consumed_at_ms = @Now WHERE state = @State AND consumed_at_ms IS NULL");

    private static readonly SqlText DeleteExpired = SqlText.Portable(
        "DELETE FROM login_states WHERE expires_at_ms < @Before");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public LoginStateStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Saves a new login record.</summary>
    public async Task SaveAsync(LoginState login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using var connection = await _database.OpenAsync(cancellationToken);
        using var turn = await _database.EnterWriteTurnAsync(connection, cancellationToken);
        await _database.ExecuteAsync(connection, Insert, new
        {
            login.State,
            login.Nonce,
            login.RegistrationId,
            login.DeploymentId,
            login.TargetLinkUri,
            login.BrowserBindingHash,
            login.StorageTarget,
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            ExpiresAtMs = login.ExpiresAt.ToUnixTimeMilliseconds(),
        }, cancellationToken);
    }

    /// <summary>
    /// Reads the login for <paramref name="state"/> and checks, without changing anything, that
    /// it is bound to this browser, has not expired and was not consumed. Returns
    /// <see cref="LoginConsumeStatus.Usable"/> with the login when every check passes; otherwise
    /// the status names the check that failed. The launch then consumes the login with
    /// <see cref="TryConsumeAsync(DbConnection, DbTransaction, string)"/> in its own transaction,
    /// or with <see cref="TryConsumeAsync(string)"/> when it rejects the launch.
    /// </summary>
    public async Task<LoginConsumeResult> FindUsableAsync(
        string state,
        Func<LoginState, bool> isBoundToBrowser,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isBoundToBrowser);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await _database.QuerySingleOrDefaultAsync<LoginRow>(connection, Select, new { State = state }, cancellationToken);
        if (row is null)
        {
            return new LoginConsumeResult(LoginConsumeStatus.Unknown, null);
        }

        var login = ToLoginState(row);

        // A request without this browser's login cookie must not use up the state of the real
        // launch, so the binding is checked before anything changes.
        if (!isBoundToBrowser(login))
        {
            return new LoginConsumeResult(LoginConsumeStatus.NotBoundToBrowser, login);
        }

        if (row.ConsumedAtMs is not null)
        {
            return new LoginConsumeResult(LoginConsumeStatus.AlreadyUsed, login);
        }

        return _timeProvider.GetUtcNow() > login.ExpiresAt
            ? new LoginConsumeResult(LoginConsumeStatus.Expired, login)
            : new LoginConsumeResult(LoginConsumeStatus.Usable, login);
    }

    /// <summary>
    /// Consumes the login for <paramref name="state"/> in the caller's transaction. Returns false
    /// when another launch consumed it first; of two launches racing with one state, exactly one
    /// gets true.
    /// </summary>
    public Task<bool> TryConsumeAsync(DbConnection connection, DbTransaction transaction, string state)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        return ConsumeAsync(connection, transaction, state);
    }

    /// <summary>
    /// Consumes the login for <paramref name="state"/> in a write of its own, for a launch that
    /// is rejected after its login was found usable, so the state cannot be tried again. Returns
    /// false when another launch consumed it first.
    /// </summary>
    public async Task<bool> TryConsumeAsync(string state)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        using var turn = await _database.EnterWriteTurnAsync(connection, CancellationToken.None);
        return await ConsumeAsync(connection, null, state);
    }

    // Not cancellable: a consumption that starts must finish (a security-relevant write).
    private async Task<bool> ConsumeAsync(DbConnection connection, DbTransaction? transaction, string state) =>
        await _database.ExecuteAsync(
            connection, Consume, new { State = state, Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, CancellationToken.None, transaction) == 1;

    /// <summary>Deletes login records that expired before <paramref name="before"/>. Returns the count.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(
            DeleteExpired, new { Before = before.ToUnixTimeMilliseconds() }, cancellationToken));
    }

    private static LoginState ToLoginState(LoginRow row) => new(
        row.State, row.Nonce, row.RegistrationId, row.DeploymentId, row.TargetLinkUri, row.BrowserBindingHash,
        DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAtMs),
        row.StorageTarget);

    private sealed record LoginRow(
        string State,
        string Nonce,
        string RegistrationId,
        string? DeploymentId,
        string TargetLinkUri,
        string BrowserBindingHash,
        long ExpiresAtMs,
        long? ConsumedAtMs,
        string? StorageTarget);
}
