using System.Data.Common;
using System.Text.Json;
using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Forwarding;

namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>
/// Exports and deletes one person's data for a district admin, and writes an audit entry for
/// each. A person is always looked up inside the admin's district, so an admin of one district
/// can neither export nor delete a person of another.
/// </summary>
public sealed partial class PersonDataService
{
    /// <summary>The description at the top of every export. It calls the data engagement records, never an evaluation of the person.</summary>
    public const string ExportDescription =
        "The personal data LtiPd keeps about one person: their account details, learning activity records (xAPI statements), " +
        "module progress, PD certificates and engagement points. These are records of participation, not an evaluation of the person.";

    private readonly Database _database;
    private readonly ProgressStore _progress;
    private readonly PersonStatements _statements;
    private readonly CertificateStore _certificates;
    private readonly ForwardedStatementEraser? _forwarded;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PersonDataService> _logger;

    /// <summary>Creates the service.</summary>
    public PersonDataService(
        Database database,
        ProgressStore progress,
        PersonStatements statements,
        CertificateStore certificates,
        TimeProvider timeProvider,
        ILogger<PersonDataService> logger)
        : this(database, progress, statements, certificates, null, timeProvider, logger)
    {
    }

    /// <summary>Creates the service; <paramref name="forwarded"/> carries each deletion to the district's own LRS.</summary>
    public PersonDataService(
        Database database,
        ProgressStore progress,
        PersonStatements statements,
        CertificateStore certificates,
        ForwardedStatementEraser? forwarded,
        TimeProvider timeProvider,
        ILogger<PersonDataService> logger)
    {
        _database = database;
        _progress = progress;
        _statements = statements;
        _certificates = certificates;
        _forwarded = forwarded;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Returns the person with LTI <paramref name="subject"/> on <paramref name="registrationId"/>, if that registration belongs to <paramref name="districtId"/>.</summary>
    public async Task<PersonRef?> FindAsync(string districtId, string registrationId, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PersonRef>(_database.Command(
            PrivacySql.FindPerson, new { DistrictId = districtId, RegistrationId = registrationId, Subject = subject }, cancellationToken));
    }

    /// <summary>Writes the person's data as one JSON document to <paramref name="output"/> and records the export in the audit log.</summary>
    public async Task ExportAsync(PersonRef person, string actor, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = _timeProvider.GetUtcNow();
        var keys = AgentKeys(person);

        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("export", "ltipd-personal-data");
        writer.WriteString("description", ExportDescription);
        writer.WriteString("generatedAt", now);
        writer.WriteString("districtId", person.DistrictId);

        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            writer.WritePropertyName("account");
            JsonSerializer.Serialize(writer, await connection.QuerySingleAsync<UserRow>(_database.Command(PrivacySql.SelectUser, person, cancellationToken)));
            writer.WritePropertyName("certificates");
            JsonSerializer.Serialize(writer, await connection.QueryAsync<CertificateRow>(_database.Command(PrivacySql.SelectCertificates, person, cancellationToken)));
            writer.WritePropertyName("engagementPoints");
            JsonSerializer.Serialize(writer, await connection.QueryAsync<LedgerRow>(_database.Command(PrivacySql.SelectLedger, LedgerKey(person), cancellationToken)));
        }

        var progress = await _progress.ListEveryCycleAsync(person.RegistrationId, person.UserId, cancellationToken);
        var completions = await _progress.ListCompletionsAsync(person.RegistrationId, person.UserId, cancellationToken);
        writer.WritePropertyName("moduleProgress");
        JsonSerializer.Serialize(writer, progress);
        writer.WritePropertyName("moduleCompletions");
        JsonSerializer.Serialize(writer, completions);

        // NOTE: evidence metadata is exported as the person's submitted, approved and returned
        // statements. Evidence files and reviewer comments kept outside the LRS are not included.
        writer.WritePropertyName("statements");
        writer.WriteStartArray();
        var statementCount = await _statements.WriteAllAsync(person.DistrictId, keys, writer, cancellationToken);
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["statements"] = statementCount,
            ["moduleProgress"] = progress.Count,
            ["moduleCompletions"] = completions.Count,
        };
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await InsertAuditAsync(connection, null, person, "Export", actor, JsonSerializer.Serialize(counts), now, cancellationToken);
        }

        Log.Exported(_logger, person.DistrictId, person.UserId, actor, statementCount);
    }

    /// <summary>
    /// Deletes the person's data in one transaction: statements voided and redacted, gamification
    /// rows and progress removed, certificates revoked, account details cleared, sessions ended,
    /// the erasure queued for the district's own LRS, and an audit entry written. Either all of it
    /// happens or none.
    /// </summary>
    public async Task<ErasureCounts> EraseAsync(PersonRef person, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = _timeProvider.GetUtcNow();
        var ledgerKey = LedgerKey(person);

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Once the deletion has started it runs to the end without the request's token, so a
        // closed browser tab cannot leave it uncertain whether the data is gone.
        var token = CancellationToken.None;

        // The same pseudonym replaces the person in the embedded LRS and in the outbox rows, so the
        // redacted statements still belong together wherever they are.
        var keys = AgentKeys(person);
        var pseudonym = PersonStatements.NewPseudonym();
        var erased = await _statements.EraseAsync(connection, transaction, person.DistrictId, keys, pseudonym, token);
        var forwarded = _forwarded is null
            ? ForwardedErasure.None
            : await _forwarded.EraseAsync(connection, transaction, person.DistrictId, keys, pseudonym, erased.VoidableStatementIds, token);
        var statements = erased.Count;
        var ledger = await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteLedger, ledgerKey, token, transaction));
        var gamification = 0;
        foreach (var sql in PrivacySql.DeleteGamification)
        {
            gamification += await connection.ExecuteAsync(_database.Command(sql, ledgerKey, token, transaction));
        }

        var progress = await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteProgress, person, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteActivityTimes, person, token, transaction));
        var completions = await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteCompletions, person, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteQueuedStatements, person, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteLiveSessionAttendance, person, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteLiveSessionCorrections, person, token, transaction));
        foreach (var sql in PrivacySql.DeletePathwayRows)
        {
            completions += await connection.ExecuteAsync(_database.Command(sql, person, token, transaction));
        }

        var certificates = await _certificates.RevokeAllAsync(connection, transaction, person.RegistrationId, person.UserId, "The holder's personal data was deleted at the district's request.", token);
        var sessions = await connection.ExecuteAsync(_database.Command(PrivacySql.DeleteSessions, person, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.ClearUser, new { person.UserId, person.RegistrationId, ErasedAtMs = now.ToUnixTimeMilliseconds() }, token, transaction));
        await connection.ExecuteAsync(_database.Command(PrivacySql.ClearRoster, person, token, transaction));
        foreach (var sql in PrivacySql.DeleteComplianceRows)
        {
            await connection.ExecuteAsync(_database.Command(sql, person, token, transaction));
        }

        var counts = new ErasureCounts(statements, ledger, gamification, progress, completions, certificates, sessions)
        {
            Forwarding = ErasureForwarding.From(forwarded),
        };
        await InsertAuditAsync(connection, transaction, person, "Delete", actor, JsonSerializer.Serialize(counts), now, token);
        await transaction.CommitAsync(token);

        Log.Erased(_logger, person.DistrictId, person.UserId, actor, statements, ledger, progress);
        if (forwarded.VoidedStatementIds.Count > 0 || forwarded.OutboxRowsRedacted > 0)
        {
            Log.ErasureForwarded(_logger, person.DistrictId, person.UserId, forwarded.VoidedStatementIds.Count, forwarded.OutboxRowsRedacted);
        }

        return counts;
    }

    /// <summary>The identifier keys the person's statements carry: their LTI account, and their email when known.</summary>
    private static string[] AgentKeys(PersonRef person) => string.IsNullOrWhiteSpace(person.Email)
        ? [PersonStatements.AccountKey(person.Issuer, person.Subject)]
        : [PersonStatements.AccountKey(person.Issuer, person.Subject), PersonStatements.EmailKey(person.Email)];

    private static object LedgerKey(PersonRef person) => new
    {
        person.DistrictId,
        GamificationUserId = GamificationKeys.UserId(person.Issuer, person.Subject),
    };

    private async Task InsertAuditAsync(
        DbConnection connection, DbTransaction? transaction, PersonRef person, string action, string actor, string countsJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(_database.Command(PrivacySql.InsertAudit, new
        {
            Id = Guid.CreateVersion7(now).ToString("D"),
            person.DistrictId,
            Action = action,
            Actor = actor,
            person.RegistrationId,
            person.UserId,
            CountsJson = countsJson,
            AtMs = now.ToUnixTimeMilliseconds(),
        }, cancellationToken, transaction));
    }

    // Classes with setters: Dapper converts each provider's integer types into these properties,
    // but matches record constructors only on exact types.
    private sealed class UserRow
    {
        public string UserId { get; set; } = "";

        public string Subject { get; set; } = "";

        public string? Name { get; set; }

        public string? GivenName { get; set; }

        public string? FamilyName { get; set; }

        public string? Email { get; set; }

        public string? Locale { get; set; }

        public string? PersonSourcedId { get; set; }

        public long CreatedAtMs { get; set; }

        public long LastLaunchAtMs { get; set; }
    }

    private sealed class CertificateRow
    {
        public string Code { get; set; } = "";

        public string Kind { get; set; } = "";

        public string SubjectId { get; set; } = "";

        public string SubjectTitle { get; set; } = "";

        public long CreditHoursHundredths { get; set; }

        public long CompletedAtMs { get; set; }

        public long IssuedAtMs { get; set; }

        public long? RevokedAtMs { get; set; }
    }

    private sealed class LedgerRow
    {
        public string RuleKey { get; set; } = "";

        public string ItemId { get; set; } = "";

        public long Points { get; set; }

        public string Status { get; set; } = "";

        public string Reason { get; set; } = "";

        public string? SourceStatementId { get; set; }

        public long AwardedAtMs { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1960, EventName = "PersonalDataExported", Level = LogLevel.Information,
            Message = "Personal data of user {UserId} in district {DistrictId} exported by {Actor}: {StatementCount} statements")]
        public static partial void Exported(ILogger logger, string districtId, string userId, string actor, int statementCount);

        [LoggerMessage(EventId = 1961, EventName = "PersonalDataDeleted", Level = LogLevel.Warning,
            Message = "Personal data of user {UserId} in district {DistrictId} deleted by {Actor}: {StatementCount} statements redacted, {LedgerCount} ledger rows and {ProgressCount} progress rows removed")]
        public static partial void Erased(ILogger logger, string districtId, string userId, string actor, int statementCount, int ledgerCount, int progressCount);

        [LoggerMessage(EventId = 1180, EventName = "PersonalDataErasureForwarded", Level = LogLevel.Information,
            Message = "Deletion of user {UserId} in district {DistrictId} queued for the district LRS: {VoidingCount} voiding statements, {RedactedCount} outbox rows redacted")]
        public static partial void ErasureForwarded(ILogger logger, string districtId, string userId, int voidingCount, int redactedCount);
    }
}
