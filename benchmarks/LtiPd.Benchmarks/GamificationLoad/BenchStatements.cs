using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Gamification.Rules;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.GamificationLoad;

/// <summary>
/// Writes the benchmark's statements to a plain table: 200 teachers working through lessons,
/// checks, reflections, approved evidence and modules a few minutes apart, with one voiding
/// statement in fifty.
/// </summary>
internal static class BenchStatements
{
    private const string HomePage = "https://lms.bench.example.org";

    public static async Task CreateAsync(Database database, string tenant, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE TABLE bench_statements (seq INTEGER NOT NULL PRIMARY KEY, json TEXT NOT NULL)");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var random = new Random(42);
        var time = new DateTimeOffset(2026, 9, 14, 13, 0, 0, TimeSpan.Zero);
        var ids = new List<Guid>(count);
        for (var seq = 1; seq <= count; seq++)
        {
            time = time.AddSeconds(random.Next(1, 30));
            var id = Guid.NewGuid();
            var json = seq % 50 == 0 && ids.Count > 0
                ? Voiding(id, ids[random.Next(ids.Count)], time, tenant, random)
                : Activity(id, time, tenant, random);
            ids.Add(id);
            await connection.ExecuteAsync(
                new CommandDefinition("INSERT INTO bench_statements (seq, json) VALUES (@Seq, @Json)", new { Seq = seq, Json = json.ToJsonString() }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static JsonObject Activity(Guid id, DateTimeOffset time, string tenant, Random random)
    {
        var (verb, type, item, success, scaled) = random.Next(10) switch
        {
            < 5 => (XapiTerms.Experienced, XapiTerms.LessonType, $"lessons/{random.Next(400)}", (bool?)null, (double?)null),
            < 7 => (XapiTerms.Passed, XapiTerms.AssessmentType, $"checks/{random.Next(100)}", true, 0.9),
            8 => (XapiTerms.Submitted, XapiTerms.ReflectionType, $"reflections/{random.Next(60)}", null, null),
            9 => (XapiTerms.Approved, XapiTerms.EvidenceType, $"evidence/{random.Next(40)}", null, null),
            _ => (XapiTerms.Completed, XapiTerms.ModuleType, $"modules/{random.Next(24)}", null, null),
        };
        var statement = Base(id, time, tenant, random, verb);
        statement["object"] = new JsonObject
        {
            ["objectType"] = "Activity",
            ["id"] = $"https://pd.bench.example.org/{item}",
            ["definition"] = new JsonObject { ["type"] = type },
        };
        if (success is not null)
        {
            statement["result"] = new JsonObject { ["success"] = success, ["score"] = new JsonObject { ["scaled"] = scaled } };
        }

        return statement;
    }

    private static JsonObject Voiding(Guid id, Guid target, DateTimeOffset time, string tenant, Random random)
    {
        var statement = Base(id, time, tenant, random, "http://adlnet.gov/expapi/verbs/voided");
        statement["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = target.ToString("D") };
        return statement;
    }

    private static JsonObject Base(Guid id, DateTimeOffset time, string tenant, Random random, string verb) => new()
    {
        ["id"] = id.ToString("D"),
        ["stored"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["timestamp"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["actor"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = HomePage, ["name"] = $"teacher-{random.Next(200)}" },
        },
        ["verb"] = new JsonObject { ["id"] = verb },
        ["context"] = new JsonObject
        {
            ["extensions"] = new JsonObject
            {
                [XapiTerms.DistrictExtension] = tenant,
                [XapiTerms.SchoolExtension] = $"school-{random.Next(20)}",
                [XapiTerms.CourseExtension] = $"course-{random.Next(50)}",
            },
        },
    };
}
