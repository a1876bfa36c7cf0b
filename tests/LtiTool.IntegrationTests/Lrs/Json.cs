using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

/// <summary>Request bodies and statement builders for the LRS tests.</summary>
internal static class Json
{
    public static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

    public static JsonObject Statement(string? id = null, string mbox = "mailto:teacher@district.example", string activity = "https://pd.example.edu/courses/literacy-101")
    {
        var statement = new JsonObject
        {
            ["actor"] = new JsonObject { ["objectType"] = "Agent", ["mbox"] = mbox },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed", ["display"] = new JsonObject { ["en-US"] = "completed" } },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = activity },
        };
        if (id is not null)
        {
            statement["id"] = id;
        }

        return statement;
    }

    public static MediaTypeHeaderValue ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType!;
}
