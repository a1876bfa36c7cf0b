using System.Globalization;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>Builds xAPI statement JSON with a valid default that each test changes in one place.</summary>
public sealed class StatementJson
{
    public const string HomePage = "https://canvas.district.test";
    public const string DistrictId = "district-1";

    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset Stored { get; set; } = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);
    public string Actor { get; set; } = "teacher-1";
    public string Verb { get; set; } = XapiTerms.Completed;
    public string ActivityId { get; set; } = "https://pd.district.test/lessons/1";
    public string? ActivityType { get; set; } = XapiTerms.LessonType;
    public Guid? Voids { get; set; }
    public bool? Success { get; set; }
    public double? Scaled { get; set; }
    public string? District { get; set; } = DistrictId;
    public string? School { get; set; } = "school-a";
    public string? Course { get; set; } = "course-7";
    public Guid? About { get; set; }
    public string? ContextLearner { get; set; }

    public JsonObject ToJson()
    {
        var statement = new JsonObject
        {
            ["id"] = Id.ToString("D"),
            ["stored"] = Stored.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["timestamp"] = Stored.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture),
            ["actor"] = new JsonObject
            {
                ["objectType"] = "Agent",
                ["account"] = new JsonObject { ["homePage"] = HomePage, ["name"] = Actor },
            },
            ["verb"] = new JsonObject { ["id"] = Voids is null ? Verb : StatementReader.VoidedVerb },
        };

        if (Voids is { } target)
        {
            statement["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = target.ToString("D") };
        }
        else
        {
            var activity = new JsonObject { ["objectType"] = "Activity", ["id"] = ActivityId };
            if (ActivityType is not null)
            {
                activity["definition"] = new JsonObject { ["type"] = ActivityType };
            }

            statement["object"] = activity;
        }

        if (Success is not null || Scaled is not null)
        {
            var result = new JsonObject();
            if (Success is { } success)
            {
                result["success"] = success;
            }

            if (Scaled is { } scaled)
            {
                result["score"] = new JsonObject { ["scaled"] = scaled };
            }

            statement["result"] = result;
        }

        var extensions = new JsonObject();
        if (District is not null)
        {
            extensions[XapiTerms.DistrictExtension] = District;
        }

        if (School is not null)
        {
            extensions[XapiTerms.SchoolExtension] = School;
        }

        if (Course is not null)
        {
            extensions[XapiTerms.CourseExtension] = Course;
        }

        var context = new JsonObject { ["extensions"] = extensions };
        if (About is { } about)
        {
            context["statement"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = about.ToString("D") };
        }

        if (ContextLearner is not null)
        {
            context["contextAgents"] = new JsonArray(new JsonObject
            {
                ["objectType"] = "contextAgent",
                ["agent"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = HomePage, ["name"] = ContextLearner } },
                ["relevantTypes"] = new JsonArray(XapiTerms.LearnerRole),
            });
        }

        statement["context"] = context;
        return statement;
    }

    public GamificationStatement Parse()
    {
        var result = StatementReader.Read(ToJson().ToJsonString());
        return result.Statement ?? throw new InvalidOperationException(result.Error);
    }
}
