using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

public sealed class ProjectionBatchTests
{
    private static readonly SqlText InsertStatement = SqlText.Portable(
        "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, statement_json) VALUES ('district', @Id, 'key', 0, '{}')");

    private static readonly SqlText SelectSeqs = SqlText.Portable("SELECT seq FROM lrs_statements ORDER BY seq");

    /// <summary>
    /// A statement committed after the batch chose its last seq belongs to the next batch. Read
    /// now as well, its fact would be inserted twice and stop the projection on the primary key.
    /// </summary>
    [Theory]
    [DatabaseData]
    public async Task ReadBatch_RowAfterLastSeq_LeftForNextBatch(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(LrsStatementFeed).Assembly, typeof(Database).Assembly], cancellationToken);
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        foreach (var id in new[] { "first", "second", "third" })
        {
            await connection.ExecuteAsync(database.Database.Command(InsertStatement, new { Id = id }, cancellationToken));
        }

        var seqs = (await connection.QueryAsync<long>(database.Database.Command(SelectSeqs, null, cancellationToken))).ToList();

        var read = await connection.QueryAsync<long>(database.Database.Command(
            ProjectionSql.ReadBatch, new { after = seqs[0] - 1, lastSeq = seqs[1], take = 100 }, cancellationToken));

        Assert.Equal(seqs[..2], read.ToList());
    }
}
