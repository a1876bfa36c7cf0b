using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Finds the activities a statement mentions: its object, context activities and sub-statement.</summary>
internal static class ActivityCollector
{
    /// <summary>Returns copies of each activity object, with <c>objectType</c> set.</summary>
    public static IEnumerable<JsonObject> Collect(JsonObject statement)
    {
        var found = new List<JsonObject>();
        CollectFrom(statement, found);
        return found;
    }

    /// <summary>
    /// Returns <paramref name="stored"/> with the definition of <paramref name="incoming"/>
    /// merged in: language maps and extensions gain or replace entries, other properties are
    /// replaced.
    /// </summary>
    public static JsonObject Merge(JsonObject stored, JsonObject incoming)
    {
        var result = (JsonObject)stored.DeepClone();
        if (incoming["definition"] is not JsonObject definition)
        {
            return result;
        }

        if (result["definition"] is not JsonObject target)
        {
            result["definition"] = definition.DeepClone();
            return result;
        }

        foreach (var (name, value) in definition)
        {
            if (name is "name" or "description" or "extensions" && target[name] is JsonObject existingMap && value is JsonObject map)
            {
                foreach (var (key, entry) in map)
                {
                    existingMap[key] = entry?.DeepClone();
                }
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private static void CollectFrom(JsonObject statement, List<JsonObject> found)
    {
        if (statement["object"] is JsonObject target)
        {
            var objectType = target["objectType"]?.GetValue<string>() ?? "Activity";
            if (objectType == "Activity")
            {
                Add(target, found);
            }
            else if (objectType == "SubStatement")
            {
                CollectFrom(target, found);
            }
        }

        if (statement["context"]?["contextActivities"] is JsonObject contextActivities)
        {
            foreach (var (_, value) in contextActivities)
            {
                if (value is JsonArray list)
                {
                    foreach (var item in list)
                    {
                        if (item is JsonObject activity)
                        {
                            Add(activity, found);
                        }
                    }
                }
                else if (value is JsonObject single)
                {
                    Add(single, found);
                }
            }
        }
    }

    private static void Add(JsonObject activity, List<JsonObject> found)
    {
        if (activity["id"] is JsonValue id && id.TryGetValue<string>(out _))
        {
            var copy = (JsonObject)activity.DeepClone();
            copy["objectType"] = "Activity";
            found.Add(copy);
        }
    }
}
