using System.Text;
using System.Text.Json.Nodes;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Options;

namespace LtiPd.Benchmarks.LrsLoad;

/// <summary>
/// Stores benchmark statements in the tool's database from this process, through the LRS's own
/// batch path (validation, group commit, key rows, activity merge) without HTTP, so a GET run
/// with a million statements stored needs minutes instead of an hour of POSTs.
/// </summary>
internal sealed class DirectSeeder
{
    // The repository's largest group, so each batch commits in one transaction.
    private const int BatchSize = 1000;

    private readonly StatementWriter _writer;
    private readonly string _tenant;
    private readonly string _credentialKey;

    public DirectSeeder(Database database, string tenant, string credentialKey)
    {
        var repository = new StatementRepository(database, TimeProvider.System, new InFlightWrites());
        _writer = new StatementWriter(new StatementValidator(), repository, new StatementCommitSignal(), Options.Create(new LrsOptions()));
        _tenant = tenant;
        _credentialKey = credentialKey;
    }

    /// <summary>Stores statements [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) with one writer per worker.</summary>
    public async Task SeedAsync(int first, int count, int workers, CancellationToken cancellationToken)
    {
        var batches = (count + BatchSize - 1) / BatchSize;
        var next = -1;
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                var start = first + (batch * BatchSize);
                var end = Math.Min(first + count, start + BatchSize);
                var body = new JsonArray(Enumerable.Range(start, end - start).Select(n => (JsonNode)StatementFactory.Build(n)).ToArray());
                var request = new StatementWriteRequest(_tenant, _credentialKey, XapiVersion.V1, null, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));
                var result = await _writer.WriteAsync(request, cancellationToken);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Seeding statements {start}-{end - 1} failed: {result.Error.Status} {result.Error.Detail}");
                }
            }
        });
        await Task.WhenAll(tasks);
    }
}
