using System.Globalization;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;
using LtiPd.XapiBridge.Lrs.Statements;
using GamificationStatementReader = LtiPd.Gamification.Statements.StatementReader;

namespace LtiPd.LtiTool.Learning;

/// <summary>
/// Feeds the gamification engine from the embedded LRS, every tenant in one stream. The
/// watermark is the LRS's stored sequence. The engine takes a statement's tenant from the
/// district context extension, so this source sets that extension to the LRS tenant the
/// statement was stored under: a credential of one district cannot earn points in another.
/// The LRS reports its commits in this process, so the engine reads new statements right after
/// they commit. Polling still finds commits made by other nodes.
/// </summary>
internal sealed partial class EmbeddedLrsStatementSource : ICommitNotifyingStatementSource
{
    private readonly LrsStatementFeed _feed;
    private readonly ILogger<EmbeddedLrsStatementSource> _logger;

    public EmbeddedLrsStatementSource(LrsStatementFeed feed, ILogger<EmbeddedLrsStatementSource> logger)
    {
        _feed = feed;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Name => "embedded-lrs";

    /// <inheritdoc/>
    public async Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken)
    {
        var after = ParseWatermark(watermark);
        var rows = await _feed.ReadAfterAsync(after, maxCount, cancellationToken);
        var statements = new List<GamificationStatement>(rows.Count);
        foreach (var row in rows)
        {
            var read = GamificationStatementReader.Read(row.Statement, row.Sequence);
            if (read.Statement is not { } statement)
            {
                // Statements the engine cannot use (no account actor) stay in the LRS untouched.
                Log.StatementSkipped(_logger, row.StatementId, row.Tenant, read.Error!);
                continue;
            }

            var extensions = new Dictionary<string, string>(statement.ContextExtensions, StringComparer.Ordinal)
            {
                [XapiTerms.DistrictExtension] = row.Tenant,
            };
            statements.Add(statement with { ContextExtensions = extensions });
        }

        var next = rows.Count == 0 ? after : rows[^1].Sequence;
        var hasMore = rows.Count == Math.Min(maxCount, LrsStatementFeed.MaxBatchSize);
        return new StatementBatch(statements, next.ToString(CultureInfo.InvariantCulture), hasMore);
    }

    /// <inheritdoc/>
    public Task WaitForStatementsAsync(string? watermark, CancellationToken cancellationToken) =>
        _feed.WaitForStatementsAsync(ParseWatermark(watermark), cancellationToken);

    private static long ParseWatermark(string? watermark)
    {
        if (watermark is null)
        {
            return 0;
        }

        return long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new FormatException($"The stored watermark '{watermark}' of source 'embedded-lrs' is not an LRS sequence number; delete its checkpoint row to read from the start.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1910, EventName = "GamificationStatementSkipped", Level = LogLevel.Information,
            Message = "Statement {StatementId} of tenant {Tenant} is not gamified: {Reason}")]
        public static partial void StatementSkipped(ILogger logger, string statementId, string tenant, string reason);
    }
}
