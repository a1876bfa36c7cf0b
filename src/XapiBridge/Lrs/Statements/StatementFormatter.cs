using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Applies the <c>format</c> parameter of GET statements to a stored statement.</summary>
internal static class StatementFormatter
{
    private static readonly string[] LanguageMapNames = ["display", "name", "description"];
    private static readonly string[] Identifiers = ["mbox", "mbox_sha1sum", "openid", "account"];

    public static JsonObject Format(string storedJson, StatementFormat format, IReadOnlyList<string> languages)
    {
        var statement = (JsonObject)JsonNode.Parse(storedJson)!;
        switch (format)
        {
            case StatementFormat.Ids:
                ReduceToIds(statement);
                break;
            case StatementFormat.Canonical:
                FilterLanguages(statement, languages);
                break;
            case StatementFormat.Exact:
                break;
        }

        return statement;
    }

    /// <summary>Returns the language tags of an Accept-Language header, most preferred first.</summary>
    public static IReadOnlyList<string> PreferredLanguages(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage)
            || !StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var values))
        {
            return [];
        }

        return values.OrderByDescending(value => value.Quality ?? 1)
            .Select(value => value.Value.ToString())
            .Where(tag => tag != "*")
            .ToList();
    }

    /// <summary>
    /// Keeps only what identifies agents, groups, activities and verbs (xAPI 1.0.3 Communication
    /// 2.1.3, format=ids), wherever they occur.
    /// </summary>
    private static void ReduceToIds(JsonObject statement)
    {
        ReduceAgentProperty(statement, "actor");
        ReduceAgentProperty(statement, "authority");
        if (statement["verb"] is JsonObject verb)
        {
            statement["verb"] = new JsonObject { ["id"] = verb["id"]?.DeepClone() };
        }

        if (statement["object"] is JsonObject target)
        {
            var objectType = target["objectType"]?.GetValue<string>() ?? "Activity";
            switch (objectType)
            {
                case "Activity":
                    statement["object"] = ReduceActivity(target);
                    break;
                case "Agent":
                case "Group":
                    statement["object"] = ReduceAgent(target);
                    break;
                case "SubStatement":
                    ReduceToIds(target);
                    break;
            }
        }

        if (statement["context"] is JsonObject context)
        {
            ReduceAgentProperty(context, "instructor");
            ReduceAgentProperty(context, "team");
            if (context["contextActivities"] is JsonObject contextActivities)
            {
                foreach (var name in contextActivities.Select(pair => pair.Key).ToList())
                {
                    contextActivities[name] = contextActivities[name] switch
                    {
                        JsonArray list => new JsonArray(list.OfType<JsonObject>().Select(ReduceActivity).ToArray<JsonNode?>()),
                        JsonObject single => ReduceActivity(single),
                        var other => other?.DeepClone(),
                    };
                }
            }

            ReduceWrapped(context, "contextAgents", "agent");
            ReduceWrapped(context, "contextGroups", "group");
        }
    }

    private static void ReduceWrapped(JsonObject context, string listName, string itemName)
    {
        if (context[listName] is JsonArray list)
        {
            foreach (var item in list.OfType<JsonObject>())
            {
                ReduceAgentProperty(item, itemName);
            }
        }
    }

    private static void ReduceAgentProperty(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject agent)
        {
            parent[name] = ReduceAgent(agent);
        }
    }

    private static JsonObject ReduceAgent(JsonObject agent)
    {
        var reduced = new JsonObject();
        if (agent["objectType"] is { } objectType)
        {
            reduced["objectType"] = objectType.DeepClone();
        }

        var identified = false;
        foreach (var name in Identifiers)
        {
            if (agent[name] is { } value)
            {
                reduced[name] = value.DeepClone();
                identified = true;
            }
        }

        // An anonymous group is identified only by its members.
        if (!identified && agent["member"] is JsonArray members)
        {
            reduced["member"] = new JsonArray(members.OfType<JsonObject>().Select(ReduceAgent).ToArray<JsonNode?>());
        }

        return reduced;
    }

    private static JsonObject ReduceActivity(JsonObject activity) => new()
    {
        ["id"] = activity["id"]?.DeepClone(),
    };

    /// <summary>
    /// Reduces every language map to the entry that best matches the client's languages
    /// (format=canonical). Extensions are left alone, since their content is not xAPI's.
    /// </summary>
    private static void FilterLanguages(JsonNode? node, IReadOnlyList<string> languages)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "extensions")
                    {
                        continue;
                    }

                    if (LanguageMapNames.Contains(name, StringComparer.Ordinal) && value is JsonObject map && IsLanguageMap(map))
                    {
                        obj[name] = PickLanguage(map, languages);
                    }
                    else
                    {
                        FilterLanguages(value, languages);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    FilterLanguages(item, languages);
                }

                break;
        }
    }

    private static bool IsLanguageMap(JsonObject map) =>
        map.Count > 0 && map.All(pair => pair.Value is JsonValue value && value.TryGetValue<string>(out _));

    private static JsonObject PickLanguage(JsonObject map, IReadOnlyList<string> languages)
    {
        foreach (var language in languages)
        {
            var exact = map.FirstOrDefault(pair => string.Equals(pair.Key, language, StringComparison.OrdinalIgnoreCase));
            if (exact.Key is not null)
            {
                return new JsonObject { [exact.Key] = exact.Value?.DeepClone() };
            }

            var primary = map.FirstOrDefault(pair => pair.Key.Split('-')[0].Equals(language.Split('-')[0], StringComparison.OrdinalIgnoreCase));
            if (primary.Key is not null)
            {
                return new JsonObject { [primary.Key] = primary.Value?.DeepClone() };
            }
        }

        var first = map.First();
        return new JsonObject { [first.Key] = first.Value?.DeepClone() };
    }
}
