using System.Text.Json;
using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Tests.Validation;

/// <summary>
/// A valid statement that uses every part of the data model, and a way to change one place in it,
/// so each invalid test case differs from the valid one in exactly one property.
/// </summary>
internal static class StatementJson
{
    /// <summary>Marks a property to remove instead of to set.</summary>
    public const string Remove = "<remove>";

    public const string Valid = """
        {
          "id": "3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34",
          "actor": { "objectType": "Agent", "name": "Pat Teacher", "account": { "homePage": "https://lms.example.edu", "name": "sub-123" } },
          "verb": { "id": "http://adlnet.gov/expapi/verbs/completed", "display": { "en-US": "completed" } },
          "object": {
            "objectType": "Activity",
            "id": "https://pd.example.edu/modules/42",
            "definition": {
              "name": { "en-US": "Formative assessment" },
              "description": { "en-US": "Module on checking for understanding." },
              "type": "http://adlnet.gov/expapi/activities/module",
              "moreInfo": "https://pd.example.edu/modules/42/about",
              "extensions": { "https://pd.example.edu/xapi/extensions/minutes": 45 }
            }
          },
          "result": {
            "score": { "scaled": 0.8, "raw": 8, "min": 0, "max": 10 },
            "success": true,
            "completion": true,
            "response": "done",
            "duration": "PT45M",
            "extensions": { "https://pd.example.edu/xapi/extensions/attempt": 1 }
          },
          "context": {
            "registration": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            "instructor": { "objectType": "Agent", "mbox": "mailto:coach@example.edu" },
            "team": { "objectType": "Group", "name": "Cohort 3", "mbox": "mailto:cohort3@example.edu" },
            "contextActivities": {
              "parent": [ { "objectType": "Activity", "id": "https://pd.example.edu/courses/7" } ],
              "grouping": [ { "id": "https://pd.example.edu/pathways/1" } ],
              "category": [ { "id": "https://pd.example.edu/xapi/profile" } ]
            },
            "revision": "2",
            "platform": "LtiPd",
            "language": "en-US",
            "statement": { "objectType": "StatementRef", "id": "5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f" },
            "extensions": { "https://pd.example.edu/xapi/extensions/district": "d-1" }
          },
          "timestamp": "2024-05-01T10:00:00.123Z",
          "attachments": [
            {
              "usageType": "https://pd.example.edu/xapi/attachments/evidence",
              "display": { "en-US": "Lesson plan" },
              "description": { "en-US": "The lesson plan submitted as evidence" },
              "contentType": "application/pdf",
              "length": 1024,
              "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
              "fileUrl": "https://pd.example.edu/files/plan.pdf"
            }
          ]
        }
        """;

    public const string SubStatement = """
        {
          "objectType": "SubStatement",
          "actor": { "objectType": "Agent", "mbox": "mailto:pat@example.edu" },
          "verb": { "id": "http://adlnet.gov/expapi/verbs/completed", "display": { "en-US": "completed" } },
          "object": { "objectType": "Activity", "id": "https://pd.example.edu/modules/42" }
        }
        """;

    /// <summary>
    /// Returns <see cref="Valid"/> with the value at <paramref name="path"/> set to the JSON
    /// <paramref name="valueJson"/>, or removed when it is <see cref="Remove"/>. The path uses
    /// dots and <c>[index]</c>, such as <c>context.contextActivities.parent[0].id</c>.
    /// </summary>
    public static string With(string path, string valueJson) => Change(Valid, path, valueJson);

    public static string Change(string json, string path, string valueJson)
    {
        var root = JsonNode.Parse(json)!;
        var segments = Split(path);
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = segment is int index ? parent[index]! : parent[(string)segment]!;
        }

        var last = segments[^1];
        if (valueJson == Remove)
        {
            ((JsonObject)parent).Remove((string)last);
        }
        else if (last is int lastIndex)
        {
            parent[lastIndex] = JsonNode.Parse(valueJson);
        }
        else
        {
            parent[(string)last] = JsonNode.Parse(valueJson);
        }

        return root.ToJsonString();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static object[] Split(string path)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                segments.Add(part);
                continue;
            }

            segments.Add(part[..bracket]);
            segments.Add(int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
        }

        return [.. segments];
    }
}
