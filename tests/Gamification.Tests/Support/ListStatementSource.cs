using System.Globalization;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>
/// A source over a fixed list whose watermark is the list index. It re-delivers the last
/// <see cref="Overlap"/> statements on every read, as a source with a re-read window does.
/// </summary>
public sealed class ListStatementSource(IReadOnlyList<GamificationStatement> statements, string name = "list") : IStatementSource
{
    public int Overlap { get; init; }

    public string Name => name;

    public Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken)
    {
        var start = watermark is null ? 0 : int.Parse(watermark, CultureInfo.InvariantCulture);
        var from = Math.Max(0, start - Overlap);
        var end = Math.Min(statements.Count, start + maxCount);
        var batch = statements.Skip(from).Take(end - from).ToList();
        return Task.FromResult(new StatementBatch(batch, end.ToString(CultureInfo.InvariantCulture), end < statements.Count));
    }
}
