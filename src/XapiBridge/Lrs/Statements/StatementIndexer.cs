using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Lists the values a statement can be found by with the GET statements filters (xAPI 1.0.3
/// Communication 2.1.3): agent, verb, activity, registration and their related forms.
/// </summary>
internal static class StatementIndexer
{
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    /// <summary>Returns distinct (kind, value) pairs for <paramref name="statement"/>.</summary>
    public static IReadOnlyCollection<(IndexKind Kind, string Value)> Index(JsonElement statement) =>
        Index(statement, authorityKey: null);

    /// <summary>
    /// Returns distinct (kind, value) pairs for <paramref name="statement"/> as the LRS stores it.
    /// When <paramref name="authorityKey"/> is given, it replaces the statement's own authority,
    /// because the LRS overwrites the authority a client sends. The writer uses this to index a
    /// statement as received without writing and parsing it again.
    /// </summary>
    public static IReadOnlyCollection<(IndexKind Kind, string Value)> Index(JsonElement statement, string? authorityKey)
    {
        var entries = new HashSet<(IndexKind, string)>();

        if (statement.TryGetProperty("actor", out var actor))
        {
            AddAgent(entries, actor, direct: true);
        }

        if (statement.TryGetProperty("verb", out var verb) && LrsJson.TryGetString(verb, "id", out var verbId))
        {
            entries.Add((IndexKind.Verb, verbId));
        }

        if (statement.TryGetProperty("object", out var target))
        {
            AddObject(entries, target, direct: true);
        }

        if (authorityKey is not null)
        {
            entries.Add((IndexKind.RelatedAgent, authorityKey));
        }
        else if (statement.TryGetProperty("authority", out var authority))
        {
            AddAgent(entries, authority, direct: false);
        }

        if (statement.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            AddContext(entries, context);
            if (LrsJson.TryGetString(context, "registration", out var registration))
            {
                entries.Add((IndexKind.Registration, registration.ToLowerInvariant()));
            }
        }

        return entries;
    }

    /// <summary>Returns the id a statement's StatementRef object targets, or null.</summary>
    public static string? StatementRefTarget(JsonElement statement)
    {
        if (statement.TryGetProperty("object", out var target)
            && LrsJson.GetString(target, "objectType") == "StatementRef"
            && LrsJson.TryGetString(target, "id", out var id))
        {
            return id.ToLowerInvariant();
        }

        return null;
    }

    /// <summary>Whether the statement uses the voided verb (xAPI 1.0.3 Data 2.3.2).</summary>
    public static bool IsVoiding(JsonElement statement) =>
        statement.TryGetProperty("verb", out var verb) && LrsJson.GetString(verb, "id") == VoidedVerb;

    private static void AddObject(HashSet<(IndexKind, string)> entries, JsonElement target, bool direct)
    {
        var objectType = LrsJson.GetString(target, "objectType") ?? "Activity";
        switch (objectType)
        {
            case "Activity":
                if (LrsJson.TryGetString(target, "id", out var activityId))
                {
                    if (direct)
                    {
                        entries.Add((IndexKind.Activity, activityId));
                    }

                    entries.Add((IndexKind.RelatedActivity, activityId));
                }

                break;

            case "Agent":
            case "Group":
                AddAgent(entries, target, direct);
                break;

            case "SubStatement":
                if (target.TryGetProperty("actor", out var actor))
                {
                    AddAgent(entries, actor, direct: false);
                }

                if (target.TryGetProperty("object", out var inner))
                {
                    AddObject(entries, inner, direct: false);
                }

                if (target.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
                {
                    AddContext(entries, context);
                }

                break;
        }
    }

    private static void AddContext(HashSet<(IndexKind, string)> entries, JsonElement context)
    {
        if (context.TryGetProperty("instructor", out var instructor))
        {
            AddAgent(entries, instructor, direct: false);
        }

        if (context.TryGetProperty("team", out var team))
        {
            AddAgent(entries, team, direct: false);
        }

        // xAPI 2.0 context agents and groups.
        AddWrapped(entries, context, "contextAgents", "agent");
        AddWrapped(entries, context, "contextGroups", "group");

        if (context.TryGetProperty("contextActivities", out var contextActivities) && contextActivities.ValueKind == JsonValueKind.Object)
        {
            foreach (var category in contextActivities.EnumerateObject())
            {
                var activities = category.Value.ValueKind == JsonValueKind.Array ? category.Value.EnumerateArray().ToList() : [category.Value];
                foreach (var activity in activities)
                {
                    if (LrsJson.TryGetString(activity, "id", out var id))
                    {
                        entries.Add((IndexKind.RelatedActivity, id));
                    }
                }
            }
        }
    }

    private static void AddWrapped(HashSet<(IndexKind, string)> entries, JsonElement context, string listName, string itemName)
    {
        if (context.TryGetProperty(listName, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(itemName, out var agent))
                {
                    AddAgent(entries, agent, direct: false);
                }
            }
        }
    }

    private static void AddAgent(HashSet<(IndexKind, string)> entries, JsonElement agent, bool direct)
    {
        var key = LrsJson.AgentKey(agent);
        if (key is not null)
        {
            if (direct)
            {
                entries.Add((IndexKind.Agent, key));
            }

            entries.Add((IndexKind.RelatedAgent, key));
        }

        if (agent.ValueKind == JsonValueKind.Object && agent.TryGetProperty("member", out var members) && members.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in members.EnumerateArray())
            {
                AddAgent(entries, member, direct: false);
            }
        }
    }
}
