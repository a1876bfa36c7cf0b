using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    private static readonly string[] ContextPropertiesV1 =
        ["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"];

    private static readonly string[] ContextPropertiesV2 = [.. ContextPropertiesV1, "contextAgents", "contextGroups"];

    private static readonly string[] ContextActivityKeys = ["parent", "grouping", "category", "other"];

    private static readonly string[] ContextAgentProperties = ["objectType", "agent", "relevantTypes"];

    private static readonly string[] ContextGroupProperties = ["objectType", "group", "relevantTypes"];

    /// <summary>Checks a context; <paramref name="objectType"/> is the statement's effective object type.</summary>
    private void Context(JsonElement element, string path, string? objectType)
    {
        const string What = "the context";
        var allowed = Version == XapiVersion.V2 ? ContextPropertiesV2 : ContextPropertiesV1;
        var properties = ReadObject(element, path, What, allowed);
        if (properties is null)
        {
            return;
        }

        if (properties.TryGetValue("registration", out var registration))
        {
            CheckUuid(registration, Child(path, "registration"), "the context registration");
        }

        if (properties.TryGetValue("instructor", out var instructor))
        {
            Actor(instructor, Child(path, "instructor"), "the instructor");
        }

        if (properties.TryGetValue("team", out var team))
        {
            Team(team, Child(path, "team"));
        }

        if (properties.TryGetValue("contextActivities", out var contextActivities))
        {
            ContextActivities(contextActivities, Child(path, "contextActivities"));
        }

        // xAPI 1.0.3 section 2.4.6: revision and platform only apply when the object is an Activity.
        foreach (var name in new[] { "revision", "platform" })
        {
            if (!properties.TryGetValue(name, out var value))
            {
                continue;
            }

            ReadString(value, Child(path, name), $"the context {name}");
            if (objectType is not null && objectType != "Activity")
            {
                Add(Child(path, name), ValidationRules.ContextActivityOnly, $"The context {name} applies only when the object is an Activity, but the object is {Quote(objectType)}; remove '{name}'.");
            }
        }

        if (properties.TryGetValue("language", out var language))
        {
            var tag = ReadString(language, Child(path, "language"), "the context language");
            if (tag is not null && !XapiFormats.IsLanguageTag(tag))
            {
                Add(Child(path, "language"), ValidationRules.LanguageTag, $"The context language {Quote(tag)} is not an RFC 5646 language tag; use a tag such as en-US.");
            }
        }

        if (properties.TryGetValue("statement", out var statement))
        {
            StatementRef(statement, Child(path, "statement"), "the context statement");
        }

        if (properties.TryGetValue("extensions", out var extensions))
        {
            Extensions(extensions, Child(path, "extensions"), "the context extensions");
        }

        if (properties.TryGetValue("contextAgents", out var contextAgents))
        {
            ContextAgents(contextAgents, Child(path, "contextAgents"), "contextAgent", "agent", ContextAgentProperties);
        }

        if (properties.TryGetValue("contextGroups", out var contextGroups))
        {
            ContextAgents(contextGroups, Child(path, "contextGroups"), "contextGroup", "group", ContextGroupProperties);
        }
    }

    private void Team(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object && PeekObjectType(element) != "Group")
        {
            var found = element.TryGetProperty("objectType", out var objectType) ? Describe(objectType) : "missing";
            Add(Child(path, "objectType"), ValidationRules.ObjectType, $"The team must be a Group with objectType 'Group', but objectType is {found}.");
            return;
        }

        Actor(element, path, "the team");
    }

    /// <summary>
    /// Checks contextActivities: an object keyed by parent, grouping, category and other whose
    /// values are an Activity or an array of Activities (the LRS returns the array form).
    /// </summary>
    private void ContextActivities(JsonElement element, string path)
    {
        var properties = ReadObject(element, path, "contextActivities", ContextActivityKeys, ValidationRules.ContextActivitiesKey);
        if (properties is null)
        {
            return;
        }

        foreach (var (key, value) in properties)
        {
            var keyPath = Child(path, key);
            if (value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var activity in value.EnumerateArray())
                {
                    Activity(activity, Index(keyPath, index), $"a {key} context activity");
                    index++;
                }
            }
            else
            {
                Activity(value, keyPath, $"the {key} context activity");
            }
        }
    }

    /// <summary>
    /// Checks the xAPI 2.0 contextAgents or contextGroups list: an array of objects with
    /// objectType <paramref name="entryType"/>, an Agent or Group, and optional relevantTypes,
    /// a non-empty array of IRIs.
    /// </summary>
    private void ContextAgents(JsonElement element, string path, string entryType, string actorProperty, string[] allowed)
    {
        var listName = entryType + "s";
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(path, ValidationRules.ContextAgents, $"The context {listName} must be an array of {entryType} objects, but the value is {Describe(element)}.");
            return;
        }

        var index = 0;
        foreach (var entry in element.EnumerateArray())
        {
            var entryPath = Index(path, index);
            index++;
            var what = $"a {entryType} entry";
            var properties = ReadObject(entry, entryPath, what, allowed);
            if (properties is null)
            {
                continue;
            }

            if (!properties.TryGetValue("objectType", out var objectType) || objectType.ValueKind != JsonValueKind.String || objectType.GetString() != entryType)
            {
                var found = properties.ContainsKey("objectType") ? Describe(objectType) : "missing";
                Add(Child(entryPath, "objectType"), ValidationRules.ContextAgents, $"The objectType of {what} must be '{entryType}', but it is {found}.");
            }

            RequireProperty(properties, actorProperty, entryPath, what);
            if (properties.TryGetValue(actorProperty, out var actor))
            {
                var actorPath = Child(entryPath, actorProperty);
                if (actorProperty == "agent")
                {
                    Agent(actor, actorPath, "the context agent");
                }
                else if (actor.ValueKind == JsonValueKind.Object && PeekObjectType(actor) != "Group")
                {
                    Add(Child(actorPath, "objectType"), ValidationRules.ObjectType, "The context group must have objectType 'Group'.");
                }
                else
                {
                    Group(actor, actorPath, "the context group");
                }
            }

            if (properties.TryGetValue("relevantTypes", out var relevantTypes))
            {
                RelevantTypes(relevantTypes, Child(entryPath, "relevantTypes"));
            }
        }
    }

    private void RelevantTypes(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            Add(path, ValidationRules.ContextAgents, $"The relevantTypes must be a non-empty array of IRIs, but the value is {Describe(element)}; list at least one type IRI or leave relevantTypes out.");
            return;
        }

        var index = 0;
        foreach (var type in element.EnumerateArray())
        {
            CheckIri(type, Index(path, index), "each relevant type");
            index++;
        }
    }
}
