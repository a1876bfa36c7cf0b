using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace LtiPd.Benchmarks.AnalyticsLoad;

/// <summary>
/// Writes a synthetic district straight into the tables in bulk: one registration, schools,
/// teachers with a school each, one course, and PD profile statements in <c>lrs_statements</c>
/// spread over the weeks before <see cref="End"/>. The mix is fixed by a seeded random generator:
/// 15% launched, 45% experienced, 8% completed, 5% evidence submitted, 5% reviews, 17% earned
/// points and 5% reached level. The statement index table is not filled, because the dashboards
/// never read it.
/// </summary>
internal sealed class DistrictSeeder
{
    public const string Tenant = "d_bench_district";
    public const string RegistrationId = "reg-bench";
    public const string Issuer = "https://lms.bench.example";
    public const string CourseId = "ctx-bench";
    public const int SchoolCount = 40;
    public const int ReviewerCount = 200;

    /// <summary>The last day of generated activity (UTC).</summary>
    public static readonly DateTimeOffset End = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);

    private const string Base = "https://pd.bench.example";
    private const int RowsPerTransaction = 20_000;

    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _moduleIds;
    private readonly Random _random = new(20261204);

    public DistrictSeeder(string connectionString, IReadOnlyList<string> moduleIds)
    {
        _connectionString = connectionString;
        _moduleIds = moduleIds;
    }

    public async Task SeedAsync(int teachers, int statements, int days, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF", cancellationToken);
        await SeedPeopleAsync(connection, teachers, cancellationToken);
        await SeedStatementsAsync(connection, teachers, statements, days, cancellationToken);
    }

    /// <summary>Writes the district, its registration, course, schools, and teachers and reviewers with their roster rows.</summary>
    public static async Task SeedPeopleAsync(SqliteConnection connection, int teachers, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"INSERT INTO districts (id, name, created_at_ms) VALUES ('{Tenant}', 'Bench District', 0)", cancellationToken, transaction);
        await ExecuteAsync(connection,
            "INSERT INTO platform_registrations (id, district_id, issuer, client_id, auth_url, token_url, jwks_url, source, created_at_ms) " +
            $"VALUES ('{RegistrationId}', '{Tenant}', '{Issuer}', 'bench', 'https://lms.bench.example/a', 'https://lms.bench.example/t', 'https://lms.bench.example/j', 'bench', 0)",
            cancellationToken, transaction);
        await ExecuteAsync(connection,
            $"INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, created_at_ms, updated_at_ms) VALUES ('{CourseId}', '{RegistrationId}', 'dep', 'course-1', 'District PD', 0, 0)",
            cancellationToken, transaction);

        using var school = Prepare(connection, transaction, "INSERT INTO lti_schools (registration_id, school_id, name, updated_at_ms) VALUES ($r, $s, $n, 0)", "$r", "$s", "$n");
        for (var index = 0; index < SchoolCount; index++)
        {
            Run(school, RegistrationId, SchoolId(index), $"School {index:D2}");
        }

        using var user = Prepare(connection, transaction,
            "INSERT INTO lti_users (id, registration_id, subject, name, school_id, created_at_ms, last_launch_at_ms) VALUES ($i, $r, $s, $n, $c, 0, 0)", "$i", "$r", "$s", "$n", "$c");
        using var roster = Prepare(connection, transaction,
            "INSERT INTO roster_members (registration_id, context_ref, subject, roles, role, status, first_seen_at_ms, last_synced_at_ms) VALUES ($r, $c, $s, 'role', $o, 'Active', 0, 0)", "$r", "$c", "$s", "$o");
        for (var index = 0; index < teachers + ReviewerCount; index++)
        {
            var isReviewer = index >= teachers;
            Run(user, $"u{index}", RegistrationId, Subject(index), $"Person {index}", isReviewer ? null : SchoolId(index % SchoolCount));
            Run(roster, RegistrationId, CourseId, Subject(index), isReviewer ? "Instructor" : "Learner");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedStatementsAsync(SqliteConnection connection, int teachers, int statements, int days, CancellationToken cancellationToken)
    {
        var startMs = End.AddDays(-days).ToUnixTimeMilliseconds();
        var spanMs = (double)days * 86_400_000;
        var submitted = new Queue<(string EvidenceId, string Module, long AtMs)>();
        for (var written = 0; written < statements;)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            using var insert = Prepare(connection, transaction,
                "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES ($t, $i, 'ltipd-tool', $s, 0, $j)", "$t", "$i", "$s", "$j");
            var batchEnd = Math.Min(statements, written + RowsPerTransaction);
            for (; written < batchEnd; written++)
            {
                // Time grows with seq, as it does when statements arrive live.
                var atMs = startMs + (long)(spanMs * written / statements);
                var json = NextStatement(teachers, atMs, submitted);
                Run(insert, Tenant, Guid.NewGuid().ToString(), atMs, json);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private string NextStatement(int teachers, long atMs, Queue<(string EvidenceId, string Module, long AtMs)> submitted)
    {
        var teacher = _random.Next(teachers);
        var module = _moduleIds[_random.Next(_moduleIds.Count)];
        var roll = _random.Next(100);
        var pendingReview = submitted.Count > 0 && roll >= 73 && roll < 78;
        if (pendingReview)
        {
            // Review the oldest waiting submission, 1 to 96 hours after it, as a random reviewer.
            var (evidenceId, evidenceModule, submittedMs) = submitted.Dequeue();
            var reviewMs = Math.Max(atMs, submittedMs + (_random.Next(1, 97) * 3_600_000L));
            var verb = _random.Next(4) == 0 ? "https://w3id.org/ltipd/xapi/verbs/returned" : "http://activitystrea.ms/schema/1.0/approve";
            return Statement(teachers + _random.Next(ReviewerCount), verb, $"{Base}/evidence/{evidenceId}", "https://w3id.org/ltipd/xapi/activities/evidence", evidenceModule, reviewMs, null);
        }

        return roll switch
        {
            < 15 => Statement(teacher, "http://adlnet.gov/expapi/verbs/launched", $"{Base}/modules/{module}", "http://adlnet.gov/expapi/activities/module", null, atMs, null),
            < 60 => Statement(teacher, "http://adlnet.gov/expapi/verbs/experienced", $"{Base}/items/{module}.a{_random.Next(6)}", "http://adlnet.gov/expapi/activities/lesson", module, atMs, null),
            < 68 => Statement(teacher, "http://adlnet.gov/expapi/verbs/completed", $"{Base}/modules/{module}", "http://adlnet.gov/expapi/activities/module", null, atMs, "\"result\":{\"completion\":true},"),
            < 78 => Submit(teacher, module, atMs, submitted),
            < 95 => Statement(teacher, "http://id.tincanapi.com/verb/earned", $"{Base}/courses/{CourseId}/points", "https://w3id.org/ltipd/xapi/activities/points", null, atMs,
                $"\"result\":{{\"score\":{{\"raw\":{_random.Next(5, 60)}}}}},"),
            _ => Statement(teacher, "https://w3id.org/ltipd/xapi/verbs/reached-level", $"{Base}/courses/{CourseId}/levels/{_random.Next(1, 8)}", "https://w3id.org/ltipd/xapi/activities/level", null, atMs,
                $"\"result\":{{\"extensions\":{{\"https://w3id.org/ltipd/xapi/extensions/level\":{_random.Next(1, 8)}}}}},"),
        };
    }

    private string Submit(int teacher, string module, long atMs, Queue<(string EvidenceId, string Module, long AtMs)> submitted)
    {
        var evidenceId = Guid.NewGuid().ToString("N");
        submitted.Enqueue((evidenceId, module, atMs));
        return Statement(teacher, "http://activitystrea.ms/schema/1.0/submit", $"{Base}/evidence/{evidenceId}", "https://w3id.org/ltipd/xapi/activities/evidence", module, atMs, null);
    }

    // The shape of PdStatements' output: the object, its parent (module or course), the course
    // in the grouping, the district extension, and a timestamp with milliseconds.
    private static string Statement(int person, string verb, string objectId, string objectType, string? parentModule, long atMs, string? result)
    {
        var parent = parentModule is null
            ? $"{{\"id\":\"{Base}/courses/{CourseId}\",\"definition\":{{\"type\":\"http://adlnet.gov/expapi/activities/course\"}}}}"
            : $"{{\"id\":\"{Base}/modules/{parentModule}\",\"definition\":{{\"type\":\"http://adlnet.gov/expapi/activities/module\"}}}}";
        var grouping = parentModule is null ? string.Empty : $",\"grouping\":[{{\"id\":\"{Base}/courses/{CourseId}\",\"definition\":{{\"type\":\"http://adlnet.gov/expapi/activities/course\"}}}}]";
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = new StringBuilder(900);
        json.Append(CultureInfo.InvariantCulture, $"{{\"actor\":{{\"objectType\":\"Agent\",\"account\":{{\"homePage\":\"{Issuer}\",\"name\":\"{Subject(person)}\"}}}},");
        json.Append(CultureInfo.InvariantCulture, $"\"verb\":{{\"id\":\"{verb}\"}},\"object\":{{\"objectType\":\"Activity\",\"id\":\"{objectId}\",\"definition\":{{\"type\":\"{objectType}\"}}}},");
        json.Append(result);
        json.Append(CultureInfo.InvariantCulture, $"\"context\":{{\"contextActivities\":{{\"parent\":[{parent}]{grouping}}},\"platform\":\"LtiPd\",\"extensions\":{{\"https://w3id.org/ltipd/xapi/extensions/district-id\":\"{Tenant}\"}}}},");
        json.Append(CultureInfo.InvariantCulture, $"\"timestamp\":\"{timestamp}\"}}");
        return json.ToString();
    }

    public static string SchoolId(int index) => $"school-{index:D2}";

    public static string Subject(int index) => $"sub-{index}";

    public static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public static void Run(SqliteCommand command, params object?[] values)
    {
        for (var index = 0; index < values.Length; index++)
        {
            command.Parameters[index].Value = values[index] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
