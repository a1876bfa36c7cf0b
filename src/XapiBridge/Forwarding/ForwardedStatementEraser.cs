using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// Carries the erasure of one person to the district's own LRS through the outbox, so nothing
/// is lost while that LRS is down. A stored xAPI statement cannot change, so the district LRS
/// gets one voiding statement per statement of the person (xAPI 1.0.3 Part 2 section 2.3.2).
/// Rows still queued are redacted before they leave, and delivered or rejected rows kept in the
/// outbox are redacted as well, so the outbox keeps no copy of the person's identity.
/// </summary>
public sealed class ForwardedStatementEraser
{
    /// <summary>The account of the actor of every voiding statement: the district acting through LtiPd, never the person.</summary>
    public const string VoidingActorName = "ltipd-personal-data-erasure";

    private readonly Database _database;
    private readonly XapiOutbox _outbox;
    private readonly IOptionsMonitor<XapiForwardingOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the eraser.</summary>
    public ForwardedStatementEraser(Database database, XapiOutbox outbox, IOptionsMonitor<XapiForwardingOptions> options, TimeProvider timeProvider)
    {
        _database = database;
        _outbox = outbox;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Redacts the person's outbox rows of <paramref name="districtId"/> under
    /// <paramref name="pseudonym"/>, and queues a voiding statement for every statement of the
    /// person that reached or may reach the district's LRS, all in the caller's transaction.
    /// </summary>
    /// <param name="connection">The open connection of the erasure.</param>
    /// <param name="transaction">The erasure's transaction; the rows commit or roll back with it.</param>
    /// <param name="districtId">The person's district.</param>
    /// <param name="agentKeys">The person's agent identifier keys, as <see cref="PersonStatements.AccountKey"/> and <see cref="PersonStatements.EmailKey"/> build them.</param>
    /// <param name="pseudonym">The account name that replaces the person, the same as in the embedded LRS.</param>
    /// <param name="storedStatementIds">
    /// The ids of the person's statements erased in the embedded LRS. Delivered outbox rows are
    /// deleted after <see cref="XapiForwardingOptions.DeliveredRetention"/>, so these ids are the
    /// only record of older forwarded statements; they are voided when the district forwards.
    /// </param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    public async Task<ForwardedErasure> EraseAsync(
        DbConnection connection,
        DbTransaction transaction,
        string districtId,
        IReadOnlyCollection<string> agentKeys,
        string pseudonym,
        IReadOnlyCollection<Guid> storedStatementIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrWhiteSpace(districtId);
        ArgumentNullException.ThrowIfNull(agentKeys);
        ArgumentException.ThrowIfNullOrWhiteSpace(pseudonym);
        ArgumentNullException.ThrowIfNull(storedStatementIds);

        var keys = agentKeys.ToHashSet(StringComparer.Ordinal);
        var (redacted, pending, forwardedIds) = await RedactOutboxRowsAsync(connection, transaction, districtId, keys, pseudonym, cancellationToken);

        var district = _options.CurrentValue.Districts.GetValueOrDefault(districtId);
        var targets = new List<Guid>(forwardedIds);
        if (district is not null)
        {
            targets.AddRange(storedStatementIds);
        }

        var voided = await QueueVoidingAsync(connection, transaction, districtId, targets.Distinct().ToList(), cancellationToken);
        return new ForwardedErasure(district?.Endpoint, redacted, pending, voided);
    }

    private async Task<(int Redacted, int Pending, List<Guid> ForwardedIds)> RedactOutboxRowsAsync(
        DbConnection connection, DbTransaction transaction, string districtId, HashSet<string> keys, string pseudonym, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<MentioningRow>(_database.Command(OutboxSql.SelectMentioning, new
        {
            DistrictId = districtId,
            AccountPattern = LikePattern(keys.FirstOrDefault(key => key.StartsWith("account:", StringComparison.Ordinal))),
            EmailPattern = LikePattern(keys.FirstOrDefault(key => key.StartsWith("mbox:", StringComparison.Ordinal))),
        }, cancellationToken, transaction));

        var redacted = 0;
        var pending = 0;
        var forwardedIds = new List<Guid>();
        foreach (var row in rows)
        {
            var statement = JsonNode.Parse(row.StatementJson)!.AsObject();
            if (!PersonStatements.NamesPerson(statement, keys))
            {
                continue;
            }

            // A rejected row never reached the district's LRS, so only its stored copy needs redacting.
            if (row.RejectedAtMs is null && PersonStatements.VoidableId(statement) is { } id)
            {
                forwardedIds.Add(id);
            }

            PersonStatements.Redact(statement, keys, pseudonym);
            await connection.ExecuteAsync(_database.Command(OutboxSql.ReplaceJson, new
            {
                DistrictId = districtId,
                row.Id,
                StatementJson = LrsJson.Write(statement),
            }, cancellationToken, transaction));
            redacted++;
            if (row.DeliveredAtMs is null && row.RejectedAtMs is null)
            {
                pending++;
            }
        }

        return (redacted, pending, forwardedIds);
    }

    private async Task<List<Guid>> QueueVoidingAsync(
        DbConnection connection, DbTransaction transaction, string districtId, IReadOnlyList<Guid> targets, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var actor = Agent.WithAccount(PersonStatements.RedactedHomePage, VoidingActorName);
        foreach (var target in targets)
        {
            // The id depends only on the district and the target, so a repeated erasure queues nothing twice.
            var statement = new Statement
            {
                Id = StatementIds.ForPdEvent(string.Join('\n', "voided", districtId, target.ToString("D", CultureInfo.InvariantCulture))),
                Actor = actor,
                Verb = new Verb(XapiVerbs.Voided, "voided"),
                Target = new StatementRef(target),
                Timestamp = now,
            };
            await _outbox.EnqueueAsync(connection, transaction, districtId, statement, cancellationToken);
        }

        return targets.ToList();
    }

    /// <summary>
    /// Returns a LIKE pattern that finds rows containing the identifying part of
    /// <paramref name="agentKey"/> (the account name or the mailto IRI), or <c>%</c>, which reads
    /// every row of the district, when that part may appear escaped in JSON text.
    /// </summary>
    internal static string LikePattern(string? agentKey)
    {
        if (agentKey is null)
        {
            // No such identifier: a pattern without wildcards matches only equal text, and no row is empty.
            return "";
        }

        var value = agentKey.StartsWith("account:", StringComparison.Ordinal)
            ? agentKey[(agentKey.IndexOf('|', StringComparison.Ordinal) + 1)..]
            : agentKey["mbox:".Length..];
        if (value.Length == 0 || !value.All(IsPlainJsonCharacter))
        {
            return "%";
        }

        var escaped = value.Replace("!", "!!", StringComparison.Ordinal)
            .Replace("%", "!%", StringComparison.Ordinal)
            .Replace("_", "!_", StringComparison.Ordinal);
        return "%" + escaped + "%";
    }

    // Characters that every JSON encoder in use writes as themselves: the default
    // System.Text.Json encoder escapes HTML-sensitive characters (< > & ' +), quotes and backslashes.
    private static bool IsPlainJsonCharacter(char character) =>
        char.IsAsciiLetterOrDigit(character) || "-._~:@/!$()*,;=%".Contains(character, StringComparison.Ordinal);

    private sealed class MentioningRow
    {
        public long Id { get; set; }

        public string StatementId { get; set; } = "";

        public string StatementJson { get; set; } = "";

        public long? DeliveredAtMs { get; set; }

        public long? RejectedAtMs { get; set; }
    }
}
