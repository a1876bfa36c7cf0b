using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace LtiPd.Benchmarks.AnalyticsLoad;

/// <summary>
/// The bulk-seed mode of <c>analytics-load</c>: writes the district's people like
/// <see cref="DistrictSeeder"/>, then the facts that projecting its statements would produce,
/// straight into <c>analytics_actors</c> and <c>analytics_facts</c>, with the same mix of kinds.
/// No statement JSON is written or parsed, so millions of facts take minutes, not hours. The
/// fact indexes are dropped during the load and created again after it.
/// </summary>
internal sealed class FactSeeder
{
    private const int RowsPerTransaction = 200_000;
    private const long MillisecondsPerDay = 86_400_000;
    private const string EvidenceBase = "https://pd.bench.example/evidence/";

    private static readonly string[] FactIndexes =
    [
        "CREATE INDEX ix_analytics_facts_day ON analytics_facts (tenant, kind, day, actor_id)",
        "CREATE INDEX ix_analytics_facts_module ON analytics_facts (tenant, module_id, day, kind, actor_id, course_id)",
        "CREATE INDEX ix_analytics_facts_evidence ON analytics_facts (tenant, evidence_id, kind, occurred_at_ms)",
        "CREATE INDEX ix_analytics_facts_actor ON analytics_facts (tenant, actor_id, kind)",
    ];

    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _moduleIds;
    private readonly Random _random = new(20261205);

    public FactSeeder(string connectionString, IReadOnlyList<string> moduleIds)
    {
        _connectionString = connectionString;
        _moduleIds = moduleIds;
    }

    public async Task SeedAsync(int teachers, int facts, int days, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await DistrictSeeder.ExecuteAsync(connection, "PRAGMA synchronous = OFF", cancellationToken);
        await DistrictSeeder.SeedPeopleAsync(connection, teachers, cancellationToken);
        await SeedActorsAsync(connection, teachers, cancellationToken);
        foreach (var index in new[] { "ix_analytics_facts_day", "ix_analytics_facts_module", "ix_analytics_facts_evidence", "ix_analytics_facts_actor" })
        {
            await DistrictSeeder.ExecuteAsync(connection, $"DROP INDEX {index}", cancellationToken);
        }

        await SeedFactsAsync(connection, teachers, facts, days, cancellationToken);
        foreach (var index in FactIndexes)
        {
            await DistrictSeeder.ExecuteAsync(connection, index, cancellationToken);
        }

        await DistrictSeeder.ExecuteAsync(connection, "ANALYZE", cancellationToken);
    }

    // Actor ids are 1 to teachers + reviewers, each linked to its user, as the projector would leave them.
    private static async Task SeedActorsAsync(SqliteConnection connection, int teachers, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using var actor = DistrictSeeder.Prepare(connection, transaction,
            "INSERT INTO analytics_actors (actor_id, tenant, actor_hash, home_page, account_name, user_ref) VALUES ($i, $t, $h, $p, $n, $u)", "$i", "$t", "$h", "$p", "$n", "$u");
        for (var index = 0; index < teachers + DistrictSeeder.ReviewerCount; index++)
        {
            var subject = DistrictSeeder.Subject(index);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"account:{DistrictSeeder.Issuer}\n{subject}")));
            DistrictSeeder.Run(actor, index + 1, DistrictSeeder.Tenant, hash, DistrictSeeder.Issuer, subject, $"u{index}");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedFactsAsync(SqliteConnection connection, int teachers, int facts, int days, CancellationToken cancellationToken)
    {
        var startMs = DistrictSeeder.End.AddDays(-days).ToUnixTimeMilliseconds();
        var spanMs = (double)days * MillisecondsPerDay;
        var submitted = new Queue<(string EvidenceId, string Module, long AtMs)>();
        for (var written = 0; written < facts;)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            using var insert = DistrictSeeder.Prepare(connection, transaction,
                "INSERT INTO analytics_facts (seq, tenant, kind, occurred_at_ms, day, actor_id, course_id, module_id, module_name, evidence_id, amount) " +
                "VALUES ($s, $t, $k, $o, $d, $a, $c, $m, NULL, $e, $x)", "$s", "$t", "$k", "$o", "$d", "$a", "$c", "$m", "$e", "$x");
            var batchEnd = Math.Min(facts, written + RowsPerTransaction);
            for (; written < batchEnd; written++)
            {
                var atMs = startMs + (long)(spanMs * written / facts);
                var (kind, actorId, module, evidence, amount, occurredMs) = NextFact(teachers, atMs, submitted);
                DistrictSeeder.Run(insert, written + 1, DistrictSeeder.Tenant, kind, occurredMs, occurredMs / MillisecondsPerDay, actorId, DistrictSeeder.CourseId, module, evidence, amount);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    // The same mix as DistrictSeeder: 15% launched, 45% steps, 8% completed, 5% submitted,
    // 5% reviews of the oldest waiting submission 1 to 96 hours later, 17% points, 5% levels.
    private (int Kind, long ActorId, string? Module, string? Evidence, int? Amount, long AtMs) NextFact(
        int teachers, long atMs, Queue<(string EvidenceId, string Module, long AtMs)> submitted)
    {
        var actorId = _random.Next(teachers) + 1L;
        var module = _moduleIds[_random.Next(_moduleIds.Count)];
        var roll = _random.Next(100);
        if (submitted.Count > 0 && roll >= 73 && roll < 78)
        {
            var (evidenceId, evidenceModule, submittedMs) = submitted.Dequeue();
            var reviewMs = Math.Max(atMs, submittedMs + (_random.Next(1, 97) * 3_600_000L));
            var kind = _random.Next(4) == 0 ? 6 : 5;
            return (kind, teachers + _random.Next(DistrictSeeder.ReviewerCount) + 1L, evidenceModule, evidenceId, null, reviewMs);
        }

        switch (roll)
        {
            case < 15:
                return (1, actorId, module, null, null, atMs);
            case < 60:
                return (2, actorId, module, null, null, atMs);
            case < 68:
                return (3, actorId, module, null, null, atMs);
            case < 78:
                var evidence = EvidenceBase + Guid.NewGuid().ToString("N");
                submitted.Enqueue((evidence, module, atMs));
                return (4, actorId, module, evidence, null, atMs);
            case < 95:
                return (7, actorId, null, null, _random.Next(5, 60), atMs);
            default:
                return (8, actorId, null, null, _random.Next(1, 8), atMs);
        }
    }
}
