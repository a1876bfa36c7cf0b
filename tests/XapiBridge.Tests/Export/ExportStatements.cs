using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Tests.Lrs;

namespace LtiPd.XapiBridge.Tests.Export;

/// <summary>Statements of the PD profile's shape, with an LTI account as actor, for export and view tests.</summary>
internal static class ExportStatements
{
    public const string HomePage = "https://canvas.example.edu";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Module = "https://pd.example.edu/modules/literacy-101";

    public static JsonObject Assessed(string accountName, string response = "b", double scaled = 0.8, string registration = "8f2d1c6e-3b1a-4c57-9a51-0c2f3e4d5a6b", string? id = null)
    {
        var statement = StatementBuilder.Statement(id, verb: Passed, activity: Module + "/quiz");
        statement["actor"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["name"] = "Ada Teacher",
            ["account"] = new JsonObject { ["homePage"] = HomePage, ["name"] = accountName },
        };
        statement["verb"]!["display"] = new JsonObject { ["de"] = "bestanden", ["en-US"] = "passed" };
        statement["object"]!["definition"] = new JsonObject { ["name"] = new JsonObject { ["en-US"] = "Check, quiz" } };
        statement["result"] = new JsonObject
        {
            ["success"] = true,
            ["completion"] = true,
            ["response"] = response,
            ["duration"] = "PT4M30S",
            ["score"] = new JsonObject { ["scaled"] = scaled, ["raw"] = 8, ["min"] = 0, ["max"] = 10 },
        };
        statement["context"] = new JsonObject
        {
            ["registration"] = registration,
            ["contextActivities"] = new JsonObject
            {
                ["parent"] = new JsonArray(new JsonObject { ["id"] = Module }),
                ["grouping"] = new JsonArray(new JsonObject { ["id"] = "https://pd.example.edu/courses/c1" }, new JsonObject { ["id"] = "https://pd.example.edu/pathways/p1" }),
            },
            ["extensions"] = new JsonObject { ["https://w3id.org/ltipd/xapi/extensions/district-id"] = "district-a" },
        };
        return statement;
    }
}
