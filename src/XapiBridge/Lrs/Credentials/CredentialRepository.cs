using Dapper;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>Reads and writes the <c>lrs_credentials</c> table.</summary>
internal sealed class CredentialRepository
{
    private static readonly SqlText SelectByKey = SqlText.Portable(
        "SELECT credential_key AS CredentialKey, tenant AS Tenant, secret_hash AS SecretHash, scopes AS Scopes, source AS Source, created_at_ms AS CreatedAtMs FROM lrs_credentials WHERE credential_key = @key");

    private static readonly SqlText SelectAll = SqlText.Portable(
        "SELECT credential_key AS CredentialKey, tenant AS Tenant, secret_hash AS SecretHash, scopes AS Scopes, source AS Source, created_at_ms AS CreatedAtMs FROM lrs_credentials ORDER BY tenant, credential_key");

    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO lrs_credentials (credential_key, tenant, secret_hash, scopes, source, created_at_ms) VALUES (@CredentialKey, @Tenant, @SecretHash, @Scopes, @Source, @CreatedAtMs)");

    private static readonly SqlText Update = SqlText.Portable(
        "UPDATE lrs_credentials SET tenant = @Tenant, secret_hash = @SecretHash, scopes = @Scopes, source = @Source WHERE credential_key = @CredentialKey");

    private static readonly SqlText Delete = SqlText.Portable(
        "DELETE FROM lrs_credentials WHERE credential_key = @key");

    private readonly Database _database;

    public CredentialRepository(Database database)
    {
        _database = database;
    }

    public async Task<CredentialRow?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CredentialRow>(_database.Command(SelectByKey, new { key }, cancellationToken));
    }

    public async Task<IReadOnlyList<CredentialRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CredentialRow>(_database.Command(SelectAll, null, cancellationToken));
        return rows.AsList();
    }

    /// <summary>Inserts the row, or replaces tenant, secret and scopes of an existing key.</summary>
    public async Task UpsertAsync(CredentialRow row, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(_database.Command(Update, row, cancellationToken, transaction));
        if (updated == 0)
        {
            await connection.ExecuteAsync(_database.Command(Insert, row, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(Delete, new { key }, cancellationToken)) > 0;
    }
}
