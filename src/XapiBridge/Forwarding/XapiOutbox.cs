using System.Data.Common;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// Queues statements for a district's LRS inside the caller's database transaction, so a
/// statement is stored exactly when the event it describes is, and is never lost or half
/// written. <see cref="OutboxDeliveryWorker"/> delivers them later.
/// </summary>
public sealed class XapiOutbox
{
    private readonly Database _database;
    private readonly StatementValidator _validator;
    private readonly IOptionsMonitor<XapiForwardingOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the outbox over <paramref name="database"/>.</summary>
    public XapiOutbox(Database database, StatementValidator validator, IOptionsMonitor<XapiForwardingOptions> options, TimeProvider timeProvider)
    {
        _database = database;
        _validator = validator;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Adds <paramref name="statement"/> for <paramref name="districtId"/> in <paramref name="transaction"/>.
    /// Returns false when a statement with the same id is already queued or delivered for the
    /// district: ids are deterministic per event (<see cref="StatementIds"/>), so that is a replay.
    /// </summary>
    /// <exception cref="ArgumentException">The statement has no id or breaks an xAPI rule.</exception>
    public async Task<bool> EnqueueAsync(
        DbConnection connection,
        DbTransaction transaction,
        string districtId,
        Statement statement,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrWhiteSpace(districtId);
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Id is not { } id)
        {
            throw new ArgumentException("The statement has no id. Set a deterministic id with StatementIds.ForPdEvent(eventKey), so replays are recognised.", nameof(statement));
        }

        var json = XapiJson.SerializeToElement(statement);
        var version = _options.CurrentValue.Districts.TryGetValue(districtId, out var district) ? district.Version : XapiVersion.V1;
        var errors = _validator.Validate(json, version);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Statement {id} is not valid xAPI and was not queued: {string.Join("; ", errors)}", nameof(statement));
        }

        var inserted = await connection.ExecuteAsync(_database.Command(
            OutboxSql.Enqueue,
            new
            {
                DistrictId = districtId,
                StatementId = id.ToString("D"),
                StatementJson = json.GetRawText(),
                NowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            cancellationToken,
            transaction));
        return inserted == 1;
    }

    /// <summary>Counts the statements of <paramref name="districtId"/> neither delivered nor rejected yet.</summary>
    public async Task<long> CountPendingAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(OutboxSql.CountPending, new { DistrictId = districtId }, cancellationToken));
    }
}
