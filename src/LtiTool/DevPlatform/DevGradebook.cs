using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's gradebook: line items and the scores posted to them. Every statement filters
/// on the course's context id, the dev platform's equivalent of a tenant key.
/// </summary>
public sealed class DevGradebook
{
    private const string LineItemColumns =
        "id AS Id, context_id AS ContextId, label AS Label, score_maximum AS ScoreMaximum, resource_link_id AS ResourceLinkId, " +
        "resource_id AS ResourceId, tag AS Tag, start_date_time AS StartDateTime, end_date_time AS EndDateTime";

    private const string ScoreColumns =
        "s.line_item_id AS LineItemId, s.user_id AS UserId, s.score_given AS ScoreGiven, s.score_maximum AS ScoreMaximum, s.comment AS Comment, " +
        "s.activity_progress AS ActivityProgress, s.grading_progress AS GradingProgress, s.timestamp_ms AS TimestampMs, s.recorded_at_ms AS RecordedAtMs";

    private static readonly SqlText SelectLineItems = SqlText.Portable(
        $"SELECT {LineItemColumns} FROM dev_line_items WHERE context_id = @ContextId " +
        "AND (@ResourceLinkId IS NULL OR resource_link_id = @ResourceLinkId) AND (@ResourceId IS NULL OR resource_id = @ResourceId) " +
        "AND (@Tag IS NULL OR tag = @Tag) ORDER BY created_at_ms, id");

    private static readonly SqlText SelectLineItem = SqlText.Portable(
        $"SELECT {LineItemColumns} FROM dev_line_items WHERE context_id = @ContextId AND id = @Id");

    private static readonly SqlText InsertLineItem = SqlText.Portable(
        "INSERT INTO dev_line_items (id, context_id, label, score_maximum, resource_link_id, resource_id, tag, start_date_time, end_date_time, created_at_ms) " +
        "VALUES (@Id, @ContextId, @Label, @ScoreMaximum, @ResourceLinkId, @ResourceId, @Tag, @StartDateTime, @EndDateTime, @Now)");

    private static readonly SqlText InsertLineItemIfMissing = SqlText.Portable(
        "INSERT INTO dev_line_items (id, context_id, label, score_maximum, resource_link_id, resource_id, tag, start_date_time, end_date_time, created_at_ms) " +
        "SELECT @Id, @ContextId, @Label, @ScoreMaximum, @ResourceLinkId, @ResourceId, @Tag, @StartDateTime, @EndDateTime, @Now " +
        "WHERE NOT EXISTS (SELECT 1 FROM dev_line_items WHERE id = @Id)");

    private static readonly SqlText UpdateLineItem = SqlText.Portable(
        "UPDATE dev_line_items SET label = @Label, score_maximum = @ScoreMaximum, resource_link_id = @ResourceLinkId, resource_id = @ResourceId, " +
        "tag = @Tag, start_date_time = @StartDateTime, end_date_time = @EndDateTime WHERE context_id = @ContextId AND id = @Id");

    private static readonly SqlText DeleteScoresOfLineItem = SqlText.Portable(
        "DELETE FROM dev_scores WHERE context_id = @ContextId AND line_item_id = @Id");

    private static readonly SqlText DeleteLineItem = SqlText.Portable(
        "DELETE FROM dev_line_items WHERE context_id = @ContextId AND id = @Id");

    private static readonly SqlText SelectLatestTimestamp = SqlText.Portable(
        "SELECT MAX(timestamp_ms) FROM dev_scores WHERE context_id = @ContextId AND line_item_id = @LineItemId AND user_id = @UserId");

    private static readonly SqlText InsertScore = SqlText.Portable(
        "INSERT INTO dev_scores (id, context_id, line_item_id, user_id, score_given, score_maximum, comment, activity_progress, grading_progress, timestamp_ms, recorded_at_ms) " +
        "VALUES (@Id, @ContextId, @LineItemId, @UserId, @ScoreGiven, @ScoreMaximum, @Comment, @ActivityProgress, @GradingProgress, @TimestampMs, @Now)");

    // The latest score per learner: no other score of the same learner and line item is later
    // (by timestamp, then by recording time, then by id so ties resolve to one row).
    private static readonly SqlText SelectLatestScores = SqlText.Portable(
        $"SELECT {ScoreColumns} FROM dev_scores s WHERE s.context_id = @ContextId AND s.line_item_id = @LineItemId " +
        "AND (@UserId IS NULL OR s.user_id = @UserId) AND NOT EXISTS (SELECT 1 FROM dev_scores t WHERE t.context_id = s.context_id " +
        "AND t.line_item_id = s.line_item_id AND t.user_id = s.user_id AND (t.timestamp_ms > s.timestamp_ms " +
        "OR (t.timestamp_ms = s.timestamp_ms AND t.recorded_at_ms > s.recorded_at_ms) " +
        "OR (t.timestamp_ms = s.timestamp_ms AND t.recorded_at_ms = s.recorded_at_ms AND t.id > s.id))) ORDER BY s.user_id");

    private static readonly SqlText SelectAllScores = SqlText.Portable(
        $"SELECT {ScoreColumns} FROM dev_scores s WHERE s.context_id = @ContextId ORDER BY s.recorded_at_ms DESC, s.id");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the gradebook over <paramref name="database"/>.</summary>
    public DevGradebook(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates the columns of the sample course's graded links, unless they exist.</summary>
    public async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        foreach (var link in SandboxCourse.ResourceLinks.Where(link => link.LineItemId is not null))
        {
            var item = new DevLineItem
            {
                Id = link.LineItemId!,
                ContextId = SandboxCourse.ContextId,
                Label = link.Title,
                ScoreMaximum = link.ScoreMaximum,
                ResourceLinkId = link.Id,
            };
            await connection.ExecuteAsync(_database.Command(InsertLineItemIfMissing, Parameters(item), cancellationToken));
        }
    }

    /// <summary>Lists a course's line items, filtered by the query parameters AGS 2.0 defines.</summary>
    public async Task<IReadOnlyList<DevLineItem>> ListLineItemsAsync(
        string contextId, string? resourceLinkId, string? resourceId, string? tag, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DevLineItem>(_database.Command(
            SelectLineItems, new { ContextId = contextId, ResourceLinkId = resourceLinkId, ResourceId = resourceId, Tag = tag }, cancellationToken));
        return rows.ToList();
    }

    /// <summary>Finds one line item of a course, or null.</summary>
    public async Task<DevLineItem?> FindLineItemAsync(string contextId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DevLineItem>(_database.Command(
            SelectLineItem, new { ContextId = contextId, Id = id }, cancellationToken));
    }

    /// <summary>Adds a line item with a new id and returns it.</summary>
    public async Task<DevLineItem> CreateLineItemAsync(DevLineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var created = item with { Id = Guid.NewGuid().ToString("N") };
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(InsertLineItem, Parameters(created), cancellationToken));
        return created;
    }

    /// <summary>Replaces a line item's fields. Returns false when it does not exist.</summary>
    public async Task<bool> UpdateLineItemAsync(DevLineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(UpdateLineItem, Parameters(item), cancellationToken)) > 0;
    }

    /// <summary>Deletes a line item and its scores. Returns false when it does not exist.</summary>
    public async Task<bool> DeleteLineItemAsync(string contextId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { ContextId = contextId, Id = id };
        await connection.ExecuteAsync(_database.Command(DeleteScoresOfLineItem, parameters, cancellationToken, transaction));
        var deleted = await connection.ExecuteAsync(_database.Command(DeleteLineItem, parameters, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    /// <summary>
    /// Records a score unless a later one of the same learner is already recorded. The check and
    /// the insert share a transaction, so two concurrent posts cannot both pass the check.
    /// </summary>
    public async Task<DevScoreOutcome> RecordScoreAsync(string contextId, DevScore score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);

        var lineItem = await connection.QuerySingleOrDefaultAsync<DevLineItem>(_database.Command(
            SelectLineItem, new { ContextId = contextId, Id = score.LineItemId }, cancellationToken, transaction));
        if (lineItem is null)
        {
            return DevScoreOutcome.LineItemNotFound;
        }

        var timestampMs = score.Timestamp.ToUnixTimeMilliseconds();
        var latest = await connection.ExecuteScalarAsync<long?>(_database.Command(
            SelectLatestTimestamp, new { ContextId = contextId, score.LineItemId, score.UserId }, cancellationToken, transaction));
        if (latest > timestampMs)
        {
            return DevScoreOutcome.OutOfOrder;
        }

        await connection.ExecuteAsync(_database.Command(InsertScore, new
        {
            Id = Guid.NewGuid().ToString("N"),
            ContextId = contextId,
            score.LineItemId,
            score.UserId,
            score.ScoreGiven,
            score.ScoreMaximum,
            score.Comment,
            score.ActivityProgress,
            score.GradingProgress,
            TimestampMs = timestampMs,
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        return DevScoreOutcome.Recorded;
    }

    /// <summary>Returns each learner's latest score on a line item, or only <paramref name="userId"/>'s.</summary>
    public async Task<IReadOnlyList<DevScore>> ListLatestScoresAsync(string contextId, string lineItemId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ScoreRow>(_database.Command(
            SelectLatestScores, new { ContextId = contextId, LineItemId = lineItemId, UserId = userId }, cancellationToken));
        return rows.Select(ToScore).ToList();
    }

    /// <summary>Returns every score the course received, newest first.</summary>
    public async Task<IReadOnlyList<DevScore>> ListAllScoresAsync(string contextId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ScoreRow>(_database.Command(SelectAllScores, new { ContextId = contextId }, cancellationToken));
        return rows.Select(ToScore).ToList();
    }

    private object Parameters(DevLineItem item) => new
    {
        item.Id,
        item.ContextId,
        item.Label,
        item.ScoreMaximum,
        item.ResourceLinkId,
        item.ResourceId,
        item.Tag,
        item.StartDateTime,
        item.EndDateTime,
        Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    private static DevScore ToScore(ScoreRow row) => new()
    {
        LineItemId = row.LineItemId,
        UserId = row.UserId,
        ScoreGiven = row.ScoreGiven,
        ScoreMaximum = row.ScoreMaximum,
        Comment = row.Comment,
        ActivityProgress = row.ActivityProgress,
        GradingProgress = row.GradingProgress,
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(row.TimestampMs),
        RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.RecordedAtMs),
    };

    private sealed record ScoreRow(
        string LineItemId,
        string UserId,
        double? ScoreGiven,
        double? ScoreMaximum,
        string? Comment,
        string ActivityProgress,
        string GradingProgress,
        long TimestampMs,
        long RecordedAtMs);
}
