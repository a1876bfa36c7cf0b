using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LtiPd.Benchmarks.LrsLoad;

/// <summary>
/// Builds the benchmark's statements: a learner (one of <see cref="Learners"/>) completes or
/// attempts one of <see cref="Activities"/> inside one of <see cref="Courses"/>, with a score and
/// a registration per learner. Statement n is always the same, so the LRS and the raw baseline
/// store the same rows.
/// </summary>
internal static class StatementFactory
{
    public const int Learners = 1_000;
    public const int Activities = 200;
    public const int Courses = 20;

    private static readonly string[] Verbs =
    [
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/attempted",
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/experienced",
    ];

    public static string LearnerMbox(int n) => string.Create(CultureInfo.InvariantCulture, $"mailto:learner{n % Learners}@district.example");

    public static string VerbId(int n) => Verbs[n % Verbs.Length];

    public static string ActivityId(int n) => string.Create(CultureInfo.InvariantCulture, $"https://pd.district.example/modules/{n % Activities}");

    /// <summary>Returns statement <paramref name="n"/> as a JSON object with a fixed id.</summary>
    public static JsonObject Build(int n)
    {
        var course = n % Courses;
        return new JsonObject
        {
            ["id"] = StatementId(n).ToString("D"),
            ["actor"] = new JsonObject { ["objectType"] = "Agent", ["name"] = string.Create(CultureInfo.InvariantCulture, $"Learner {n % Learners}"), ["mbox"] = LearnerMbox(n) },
            ["verb"] = new JsonObject { ["id"] = VerbId(n), ["display"] = new JsonObject { ["en-US"] = VerbId(n)[(VerbId(n).LastIndexOf('/') + 1)..] } },
            ["object"] = new JsonObject
            {
                ["objectType"] = "Activity",
                ["id"] = ActivityId(n),
                ["definition"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["en-US"] = string.Create(CultureInfo.InvariantCulture, $"Module {n % Activities}") },
                    ["type"] = "http://adlnet.gov/expapi/activities/module",
                },
            },
            ["result"] = new JsonObject
            {
                ["score"] = new JsonObject { ["scaled"] = (n % 101) / 100.0 },
                ["completion"] = true,
                ["duration"] = "PT12M30S",
            },
            ["context"] = new JsonObject
            {
                ["registration"] = Registration(n).ToString("D"),
                ["contextActivities"] = new JsonObject
                {
                    ["parent"] = new JsonArray(new JsonObject { ["id"] = string.Create(CultureInfo.InvariantCulture, $"https://pd.district.example/courses/{course}") }),
                },
                ["platform"] = "LtiPd",
            },
            ["timestamp"] = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000 + n).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A stable UUID for statement <paramref name="n"/>, unique per run through <paramref name="n"/>.</summary>
    public static Guid StatementId(int n) => DerivedGuid("statement", n);

    private static Guid Registration(int n) => DerivedGuid("registration", n % Learners);

    private static Guid DerivedGuid(string kind, int n)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{n}")));
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, so validators accept it
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16));
    }
}
