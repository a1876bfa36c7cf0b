using Dapper;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Services.Ags;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Reads the results of LtiPd's line items back from the LMS and stores them, so a grade a PD
/// leader enters or overrides in the LMS gradebook shows in LtiPd; and serves them to pages.
/// </summary>
public sealed partial class GradeResults
{
    private static readonly SqlText SelectLineItems = SqlText.Portable(
        "SELECT id AS Id, line_item_url AS LineItemUrl, score_maximum AS ScoreMaximum FROM ags_line_items " +
        "WHERE registration_id = @RegistrationId AND context_ref = @ContextRef ORDER BY module_id");

    private static readonly SqlText DeleteResults = SqlText.Portable(
        "DELETE FROM ags_results WHERE registration_id = @RegistrationId AND line_item_ref = @LineItemRef");

    private static readonly SqlText InsertResult = SqlText.Portable(
        "INSERT INTO ags_results (registration_id, line_item_ref, subject, result_score, result_maximum, comment, synced_at_ms) " +
        "VALUES (@RegistrationId, @LineItemRef, @Subject, @ResultScore, @ResultMaximum, @Comment, @NowMs)");

    private const string GradeColumns =
        "i.context_ref AS ContextRef, i.module_id AS ModuleId, r.subject AS Subject, r.result_score AS ResultScore, " +
        "r.result_maximum AS ResultMaximum, r.comment AS Comment, r.synced_at_ms AS SyncedAtMs";

    private static readonly SqlText SelectForLearner = SqlText.Portable(
        $"SELECT {GradeColumns} FROM ags_results r JOIN ags_line_items i ON i.id = r.line_item_ref AND i.registration_id = r.registration_id " +
        "JOIN lti_users u ON u.registration_id = r.registration_id AND u.subject = r.subject " +
        "WHERE r.registration_id = @RegistrationId AND u.id = @UserRef AND i.module_id = @ModuleId ORDER BY r.synced_at_ms DESC");

    private static readonly SqlText SelectForModule = SqlText.Portable(
        $"SELECT {GradeColumns} FROM ags_results r JOIN ags_line_items i ON i.id = r.line_item_ref AND i.registration_id = r.registration_id " +
        "WHERE r.registration_id = @RegistrationId AND i.context_ref = @ContextRef AND i.module_id = @ModuleId ORDER BY r.subject");

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly AgsClient _ags;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GradeResults> _logger;

    /// <summary>Creates the service.</summary>
    public GradeResults(Database database, PlatformRegistry registry, AgsClient ags, TimeProvider timeProvider, ILogger<GradeResults> logger)
    {
        _database = database;
        _registry = registry;
        _ags = ags;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Reads the results of every LtiPd line item of a course from the LMS and replaces the
    /// stored ones, line item by line item. Returns how many results were stored, or the first
    /// failure; line items read before it stay updated.
    /// </summary>
    public async Task<(int Stored, string? Error)> SyncAsync(string registrationId, string contextRef, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(registrationId, cancellationToken);
        if (registration is null)
        {
            return (0, $"registration '{registrationId}' does not exist");
        }

        List<LineItemTarget> lineItems;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            lineItems = (await connection.QueryAsync<LineItemTarget>(_database.Command(
                SelectLineItems, new { RegistrationId = registrationId, ContextRef = contextRef }, cancellationToken))).ToList();
        }

        var stored = 0;
        foreach (var lineItem in lineItems)
        {
            var (results, failure) = await _ags.ListResultsAsync(registration, lineItem.LineItemUrl, cancellationToken);
            if (results is null)
            {
                Log.SyncFailed(_logger, registrationId, contextRef, failure?.Error ?? "failed");
                return (stored, failure?.Error);
            }

            stored += await ReplaceAsync(registration, lineItem, results, cancellationToken);
        }

        Log.Synced(_logger, registrationId, contextRef, lineItems.Count, stored);
        return (stored, null);
    }

    /// <summary>Returns the LMS grades of a learner in a module, newest read first (one per course that grades it).</summary>
    public async Task<IReadOnlyList<LmsGrade>> FindForLearnerAsync(string registrationId, string userId, string moduleId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<GradeRow>(_database.Command(
            SelectForLearner, new { RegistrationId = registrationId, UserRef = userId, ModuleId = moduleId }, cancellationToken));
        return rows.Select(ToGrade).ToList();
    }

    /// <summary>Returns the LMS grades of every learner of a course in a module, for review pages.</summary>
    public async Task<IReadOnlyList<LmsGrade>> ListForModuleAsync(string registrationId, string contextRef, string moduleId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<GradeRow>(_database.Command(
            SelectForModule, new { RegistrationId = registrationId, ContextRef = contextRef, ModuleId = moduleId }, cancellationToken));
        return rows.Select(ToGrade).ToList();
    }

    private async Task<int> ReplaceAsync(PlatformRegistration registration, LineItemTarget lineItem, IReadOnlyList<AgsResult> results, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(DeleteResults, new { RegistrationId = registration.Id, LineItemRef = lineItem.Id }, cancellationToken, transaction));
        foreach (var result in results.DistinctBy(result => result.UserId, StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(_database.Command(InsertResult, new
            {
                RegistrationId = registration.Id,
                LineItemRef = lineItem.Id,
                Subject = result.UserId,
                result.ResultScore,
                ResultMaximum = result.ResultMaximum ?? lineItem.ScoreMaximum,
                result.Comment,
                NowMs = now,
            }, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        return results.Count;
    }

    private static LmsGrade ToGrade(GradeRow row) => new(
        row.ContextRef, row.ModuleId, row.Subject, row.ResultScore, row.ResultMaximum, row.Comment, DateTimeOffset.FromUnixTimeMilliseconds(row.SyncedAtMs));

    private sealed class GradeRow
    {
        public string ContextRef { get; set; } = string.Empty;

        public string ModuleId { get; set; } = string.Empty;

        public string Subject { get; set; } = string.Empty;

        public double? ResultScore { get; set; }

        public double? ResultMaximum { get; set; }

        public string? Comment { get; set; }

        public long SyncedAtMs { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1765, EventName = "ResultsSynced", Level = LogLevel.Information,
            Message = "Read {Stored} results of {LineItems} line items of course {ContextRef} (registration {RegistrationId}) from the LMS")]
        public static partial void Synced(ILogger logger, string registrationId, string contextRef, int lineItems, int stored);

        [LoggerMessage(EventId = 1766, EventName = "ResultsSyncFailed", Level = LogLevel.Warning,
            Message = "Reading results of course {ContextRef} (registration {RegistrationId}) from the LMS failed: {Error}")]
        public static partial void SyncFailed(ILogger logger, string registrationId, string contextRef, string error);
    }
}
