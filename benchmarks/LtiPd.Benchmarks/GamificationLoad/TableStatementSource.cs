using System.Globalization;
using Dapper;
using LtiPd.Gamification.Statements;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.GamificationLoad;

/// <summary>Reads <c>bench_statements</c> after a sequence number and parses each row, as an LRS source does.</summary>
internal sealed class TableStatementSource(Database database) : IStatementSource
{
    public string Name => "bench-table";

    public async Task<StatementBatch> ReadAfterAsync(string? watermark, int maxCount, CancellationToken cancellationToken)
    {
        var after = watermark is null ? 0 : long.Parse(watermark, CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Seq, string Json)>(new CommandDefinition(
            "SELECT seq, json FROM bench_statements WHERE seq > @After ORDER BY seq LIMIT @Limit",
            new { After = after, Limit = maxCount },
            cancellationToken: cancellationToken))).ToList();
        var statements = rows
            .Select(row => StatementReader.Read(row.Json, row.Seq).Statement ?? throw new InvalidOperationException($"Benchmark row {row.Seq} is not a valid statement."))
            .ToList();
        var next = rows.Count == 0 ? after : rows[^1].Seq;
        return new StatementBatch(statements, next.ToString(CultureInfo.InvariantCulture), rows.Count == maxCount);
    }
}
