using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Tests.Lrs;

/// <summary>Builds valid xAPI statements; each test changes what it is about.</summary>
internal static class StatementBuilder
{
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";

    public static JsonObject Statement(
        string? id = null,
        string mbox = "mailto:teacher@district.example",
        string verb = Completed,
        string activity = "https://pd.example.edu/courses/literacy-101")
    {
        var statement = new JsonObject
        {
            ["actor"] = new JsonObject { ["objectType"] = "Agent", ["mbox"] = mbox },
            ["verb"] = new JsonObject { ["id"] = verb, ["display"] = new JsonObject { ["en-US"] = "completed" } },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = activity },
        };
        if (id is not null)
        {
            statement["id"] = id;
        }

        return statement;
    }

    public static JsonObject Voiding(string targetId) => new()
    {
        ["actor"] = new JsonObject { ["mbox"] = "mailto:admin@district.example" },
        ["verb"] = new JsonObject { ["id"] = Voided },
        ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = targetId },
    };

    public static string NewId() => Guid.NewGuid().ToString("D");
}
