using System.Text.Json.Nodes;
using LtiPd.Gamification.Output;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.LtiTool.Learning;

/// <summary>Stores the engine's award statements (earned points, levels, badges) in the embedded LRS under the award's tenant.</summary>
internal sealed partial class EmbeddedLrsAwardSink : IAwardStatementSink
{
    private const int ConflictStatus = 409;

    private readonly EmbeddedLrsClient _lrs;
    private readonly ILogger<EmbeddedLrsAwardSink> _logger;

    public EmbeddedLrsAwardSink(EmbeddedLrsClient lrs, ILogger<EmbeddedLrsAwardSink> logger)
    {
        _lrs = lrs;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task SendAsync(string tenantId, OutputStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var json = JsonNode.Parse(statement.Json)
            ?? throw new ArgumentException($"Award statement {statement.Id} is JSON null.", nameof(statement));

        // The same id with the same content is stored once and succeeds again.
        var stored = await _lrs.StoreStatementsAsync(tenantId, json, cancellationToken);
        if (stored.Succeeded)
        {
            return;
        }

        if (stored.Error.Status == ConflictStatus)
        {
            // An earlier send stored this id with other content. Stored statements never change,
            // so sending again cannot help.
            Log.AwardConflict(_logger, statement.Id, tenantId);
            return;
        }

        throw new InvalidOperationException(
            $"The embedded LRS rejected award statement {statement.Id} of tenant '{tenantId}': {stored.Error.Code} {stored.Error.Detail}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1911, EventName = "AwardStatementConflict", Level = LogLevel.Warning,
            Message = "Award statement {StatementId} of tenant {TenantId} is already stored with other content; the stored one is kept")]
        public static partial void AwardConflict(ILogger logger, Guid statementId, string tenantId);
    }
}
