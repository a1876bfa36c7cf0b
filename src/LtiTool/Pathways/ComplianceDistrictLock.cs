using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Makes the writes of one district's status rows take turns, so one never writes rows evaluated
/// before another's. In the process a semaphore per district does it. Across nodes, PostgreSQL
/// and SQL Server hold an advisory lock in a transaction that writes only at its end. SQLite runs
/// on one node, and its transaction starts only when the rows are ready, because its write lock
/// stops every writer of the database.
/// </summary>
internal sealed class ComplianceDistrictLock
{
    private readonly Database _database;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public ComplianceDistrictLock(Database database)
    {
        _database = database;
    }

    /// <summary>
    /// Takes the lock of <paramref name="districtId"/> on <paramref name="connection"/>. With
    /// <paramref name="wait"/> false it returns null at once when another refresh holds the lock,
    /// so a read never waits behind a build.
    /// </summary>
    public async Task<Lease?> AcquireAsync(DbConnection connection, string districtId, bool wait, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(districtId, _ => new SemaphoreSlim(1, 1));
        if (wait)
        {
            await gate.WaitAsync(cancellationToken);
        }
        else if (!await gate.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        var lease = new Lease(gate);
        try
        {
            if (_database.Provider != DatabaseProvider.Sqlite)
            {
                lease.Transaction = await connection.BeginTransactionAsync(cancellationToken);
                var parameters = new { LockName = "ltipd-compliance-" + districtId };
                var sql = wait ? ComplianceStatusSql.LockDistrict : ComplianceStatusSql.TryLockDistrict;
                if (await connection.ExecuteScalarAsync<int>(_database.Command(sql, parameters, cancellationToken, lease.Transaction)) < 0)
                {
                    await lease.DisposeAsync();
                    return null;
                }
            }

            return lease;
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>A taken district lock. Disposing it rolls back an uncommitted transaction and releases the lock.</summary>
    internal sealed class Lease(SemaphoreSlim gate) : IAsyncDisposable
    {
        /// <summary>The transaction that holds the advisory lock, or on SQLite the one the caller began to write.</summary>
        public DbTransaction? Transaction { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Transaction is not null)
            {
                await Transaction.DisposeAsync();
                Transaction = null;
            }

            gate.Release();
        }
    }
}
