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
