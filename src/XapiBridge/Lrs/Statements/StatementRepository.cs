using System.Data.Common;
using System.Globalization;
using LtiPd.Storage;
using Microsoft.Extensions.Logging;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Writes statements, their index rows, attachments and activity definitions. Concurrent writes
/// are grouped: one writer at a time takes every batch queued so far and stores them in one
/// transaction (group commit), each batch inside its own savepoint, so one batch's 409 or error
/// never affects another. A caller's task completes only after the transaction that holds its
/// batch committed.
/// </summary>
internal sealed partial class StatementRepository : IAsyncDisposable, IDisposable
{
    // Once a group holds this many statements, later batches wait for the next transaction, so a
    // group's transaction stays short. A single batch larger than this still goes in one group.
    private const int MaxStatementsPerGroup = 1000;

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly InFlightWrites _inFlight;
    private readonly IndexValueIds _valueIds = new();
    private readonly Lock _queueLock = new();
    private readonly List<WriteJob> _queue = [];
    private readonly WalCheckpointer? _checkpointer;
    private readonly bool _ownsCheckpointer;
    private bool _writerActive;

    /// <summary>
    /// Creates the repository. On SQLite it checkpoints the WAL through
    /// <paramref name="checkpointer"/>, or through one with the default interval and limit.
    /// </summary>
    public StatementRepository(
        Database database,
        TimeProvider timeProvider,
        InFlightWrites inFlight,
        ILogger<StatementRepository>? logger = null,
        WalCheckpointer? checkpointer = null)
    {
        _database = database;
        _timeProvider = timeProvider;
        _inFlight = inFlight;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            _ownsCheckpointer = checkpointer is null;
            _checkpointer = checkpointer ?? new WalCheckpointer(database, logger);
            _checkpointer.WriterTurn = RunInWriterTurnAsync;
        }
    }

    /// <summary>
    /// Stores a batch atomically: all its statements commit or none does. A statement whose id
    /// is already stored with the same content is skipped; with different content the whole
    /// batch fails with 409. Returns the highest seq written, or 0 when every one was a repeat.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> is observed only before the batch is queued. Callers
    /// pass <see cref="CancellationToken.None"/> once validation is over, because a client that
    /// disconnects mid-write must not leave the outcome of an accepted batch uncertain.
    /// </remarks>
    public async Task<LrsResult<long>> StoreAsync(
        string tenant,
        string credentialKey,
        IReadOnlyList<PreparedStatement> statements,
        IReadOnlyCollection<AttachmentPart> attachments,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await EnqueueAsync(new WriteJob(tenant, credentialKey, statements, attachments));
    }

    /// <summary>Stops the checkpointer this repository created, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsCheckpointer && _checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
        }
    }

    /// <summary>
    /// Stops the checkpointer like <see cref="DisposeAsync"/>, for a service provider disposed
    /// synchronously, which rejects a singleton that is only async-disposable.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="action"/> between two groups, while no statement transaction is open,
    /// as its own turn of the writer. The checkpointer finishes a checkpoint this way, so the
    /// next group can find the WAL fully copied and start it over, unless a reader of an older
    /// snapshot or another writer in the process got in between.
    /// </summary>
    private async Task RunInWriterTurnAsync(Func<Task> action) =>
        await EnqueueAsync(new WriteJob(action));

    private async Task<LrsResult<long>> EnqueueAsync(WriteJob job)
    {
        bool lead;
        lock (_queueLock)
        {
            _queue.Add(job);
            lead = !_writerActive;
            _writerActive = true;
        }

        // The first caller to find no writer becomes the writer. Its own job is first in the
        // queue, so the first group it writes contains it; later groups go to a pool thread.
        if (lead)
        {
            await WriteQueuedGroupsAsync(handOffAfterFirstGroup: true);
        }

        return await job.Completion.Task;
    }

    private async Task WriteQueuedGroupsAsync(bool handOffAfterFirstGroup)
    {
        while (true)
        {
            var group = TakeGroup();
            if (group is null)
            {
                return;
            }

            if (group[0].Action is { } action)
            {
                await RunActionAsync(group[0], action);
            }
            else
            {
                await WriteGroupAsync(group);
            }

            if (handOffAfterFirstGroup)
            {
                lock (_queueLock)
                {
                    if (_queue.Count == 0)
                    {
                        _writerActive = false;
                        return;
                    }
                }

                // The HTTP request that led the first group returns now; a pool thread drains the rest.
                _ = Task.Run(() => WriteQueuedGroupsAsync(handOffAfterFirstGroup: false));
                return;
            }
        }
    }

    /// <summary>Removes the next group from the queue, or returns null and ends the writer's turn when it is empty.</summary>
    private List<WriteJob>? TakeGroup()
    {
        lock (_queueLock)
        {
            if (_queue.Count == 0)
            {
                _writerActive = false;
                return null;
            }

            // An action job is a group of its own.
            var count = 0;
            var statements = 0;
            while (count < _queue.Count
                && (count == 0 || (_queue[0].Action is null && _queue[count].Action is null && statements + _queue[count].Statements.Count <= MaxStatementsPerGroup)))
            {
                statements += _queue[count].Statements.Count;
                count++;
            }

            var group = _queue.GetRange(0, count);
            _queue.RemoveRange(0, count);
            return group;
        }
    }

    /// <summary>
    /// Stores a group in one transaction and completes each job's task. It never throws: an
    /// exception fails the jobs it concerns.
    /// </summary>
    private async Task WriteGroupAsync(List<WriteJob> group)
    {
        var outcomes = new LrsResult<long>?[group.Count];
        bool anyStored;
        try
        {
            // No token from here on: an accepted batch is written to the end (see StoreAsync).
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            if (_checkpointer is null)
            {
                anyStored = await StoreGroupAsync(connection, group, outcomes);
            }
            else
            {
                // The commit must not run SQLite's automatic checkpoint, because the callers' tasks
                // complete only after it. The checkpointer runs it on another connection instead.
                WalCheckpointer.SuspendAutoCheckpoint(connection);
                try
                {
                    anyStored = await StoreGroupAsync(connection, group, outcomes);
                }
                finally
                {
                    WalCheckpointer.RestoreAutoCheckpoint(connection);
                }
            }
        }
        catch (Exception exception)
        {
            _valueIds.Clear();
            foreach (var job in group)
            {
                job.Completion.TrySetException(exception);
            }

            return;
        }

        for (var index = 0; index < group.Count; index++)
        {
            if (outcomes[index] is { } outcome)
            {
                group[index].Completion.TrySetResult(outcome);
            }
        }

        if (anyStored)
        {
            _checkpointer?.NotifyCommitted();
        }
    }

    /// <summary>
    /// Writes each job of the group inside its own savepoint and commits when any job succeeded.
    /// Fills in the outcome of each job that ran to an outcome, fails the task of a job that threw,
    /// and returns whether the transaction committed.
    /// </summary>
    private async Task<bool> StoreGroupAsync(DbConnection connection, List<WriteJob> group, LrsResult<long>?[] outcomes)
    {
        var cancellationToken = CancellationToken.None;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_database.Provider != DatabaseProvider.Sqlite)
        {
            await LockStatementOrderAsync(connection, transaction, cancellationToken);
        }

        // The stored time is read after the lock, so stored times rise with seq.
        var storedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var inFlight = _inFlight.Begin(storedAtMs);
        var useSavepoints = group.Count > 1;
        var anyStored = false;
        var groupValueIds = new Dictionary<(string Tenant, string ValueHash), long>();
        for (var index = 0; index < group.Count; index++)
        {
            var savepoint = string.Create(CultureInfo.InvariantCulture, $"lrs_batch_{index}");
            if (useSavepoints)
            {
                await transaction.SaveAsync(savepoint, cancellationToken);
            }

            try
            {
                var valueIds = new ValueIdScope(groupValueIds);
                var outcome = await StoreBatchAsync(connection, transaction, group[index], storedAtMs, valueIds, cancellationToken);
                if (!outcome.Succeeded && useSavepoints)
                {
                    await transaction.RollbackAsync(savepoint, cancellationToken);
                }
                else if (outcome.Succeeded)
                {
                    foreach (var (key, id) in valueIds.Batch)
                    {
                        groupValueIds[key] = id;
                    }
                }

                outcomes[index] = outcome;
                anyStored |= outcome.Succeeded;
            }
            catch (Exception exception) when (useSavepoints)
            {
                // The savepoint undoes this batch's rows, so the others can still commit.
                // A cached value id whose row was erased meanwhile fails the key insert, so the
                // cache starts over after any error.
                _valueIds.Clear();
                await transaction.RollbackAsync(savepoint, cancellationToken);
                group[index].Completion.TrySetException(exception);
            }
        }

        if (!anyStored)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        _valueIds.AddCommitted(groupValueIds);
        return true;
    }

    private static async Task RunActionAsync(WriteJob job, Func<Task> action)
    {
        try
        {
            await action();
            job.Completion.TrySetResult(0L);
        }
        catch (Exception exception)
        {
            job.Completion.TrySetException(exception);
        }
    }

    /// <summary>
    /// One queued batch, or an action that runs in the writer's turn, and the task its caller
    /// awaits.
    /// </summary>
    private sealed class WriteJob
    {
        public WriteJob(string tenant, string credentialKey, IReadOnlyList<PreparedStatement> statements, IReadOnlyCollection<AttachmentPart> attachments)
        {
            Tenant = tenant;
            CredentialKey = credentialKey;
            Statements = statements;
            Attachments = attachments;
        }

        public WriteJob(Func<Task> action)
            : this("", "", [], [])
        {
            Action = action;
        }

        public string Tenant { get; }

        public string CredentialKey { get; }

        public IReadOnlyList<PreparedStatement> Statements { get; }

        public IReadOnlyCollection<AttachmentPart> Attachments { get; }

        /// <summary>The work of an action job; null for a batch of statements.</summary>
        public Func<Task>? Action { get; }

        public TaskCompletionSource<LrsResult<long>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
