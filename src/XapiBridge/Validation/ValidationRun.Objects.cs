using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    private static readonly string[] ActivityProperties = ["objectType", "id", "definition"];

    private static readonly string[] StatementRefProperties = ["objectType", "id"];

    private static readonly string[] DefinitionProperties =
        ["name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", "choices", "scale", "source", "target", "steps"];

    private static readonly string[] ComponentProperties = ["id", "description"];

    private static readonly string[] ComponentLists = ["choices", "scale", "source", "target", "steps"];

    // xAPI 1.0.3 section 2.4.4.1, interaction activities: the component lists each type uses.
    private static readonly Dictionary<string, string[]> InteractionComponents = new(StringComparer.Ordinal)
    {
        ["true-false"] = [],
        ["choice"] = ["choices"],
        ["fill-in"] = [],
        ["long-fill-in"] = [],
        ["matching"] = ["source", "target"],
        ["performance"] = ["steps"],
        ["sequencing"] = ["choices"],
        ["likert"] = ["scale"],
        ["numeric"] = [],
        ["other"] = [],
    };

    /// <summary>
    /// Checks a statement's object and returns its effective objectType (Activity when absent),
    /// or null when the object is not an object at all.
    /// </summary>
    private string? StatementObject(JsonElement element, string path, bool insideSubStatement)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ValidationRules.JsonType, $"The object must be an Activity, Agent, Group, StatementRef or SubStatement object, but the value is {Describe(element)}.");
            return null;
        }

        if (element.TryGetProperty("objectType", out var objectTypeElement) && objectTypeElement.ValueKind != JsonValueKind.String)
        {
            Add(Child(path, "objectType"), ValidationRules.JsonType, $"The objectType of the object must be a string, but the value is {Describe(objectTypeElement)}.");
            return null;
        }

        var objectType = PeekObjectType(element) ?? "Activity";
        switch (objectType)
        {
            case "Activity":
                if (!element.TryGetProperty("objectType", out _) && IdentifierProperties.Any(name => element.TryGetProperty(name, out _)))
                {
                    // xAPI 1.0.3 section 2.4.4.2: an Agent or Group as object MUST state its objectType.
                    Add(Child(path, "objectType"), ValidationRules.ObjectType, "The object has Agent identifiers but no objectType, so it reads as an Activity; set objectType to 'Agent' or 'Group'.");
                    return null;
                }

                Activity(element, path);
                break;
            case "Agent":
                Agent(element, path, "the object");
                break;
            case "Group":
                Group(element, path, "the object");
                break;
            case "StatementRef":
                StatementRef(element, path, "the object");
                break;
            case "SubStatement":
                if (insideSubStatement)
                {
                    Add(Child(path, "objectType"), ValidationRules.NestedSubStatement, "A SubStatement must not contain another SubStatement; use a StatementRef or an Activity as its object.");
                    return objectType;
                }

                Statement(element, path, isSubStatement: true);
                break;
            default:
                ReportObjectType(element, path, "the object", "Activity, Agent, Group, StatementRef or SubStatement");
                return null;
        }

        return objectType;
    }

    private void Activity(JsonElement element, string path, string what = "the Activity")
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("objectType", out var objectType)
            && (objectType.ValueKind != JsonValueKind.String || objectType.GetString() != "Activity"))
        {
            // Report the one cause; the properties of whatever was sent would only add noise.
            Add(Child(path, "objectType"), ValidationRules.ObjectType, $"The objectType of {what} must be 'Activity', but the value is {Describe(objectType)}.");
            return;
        }

        var properties = ReadObject(element, path, what, ActivityProperties);
        if (properties is null)
        {
            return;
        }

        RequireProperty(properties, "id", path, what);
        if (properties.TryGetValue("id", out var id))
        {
            CheckIri(id, Child(path, "id"), $"the id of {what}");
        }

        if (properties.TryGetValue("definition", out var definition))
        {
            Definition(definition, Child(path, "definition"));
        }
    }

    private void Definition(JsonElement element, string path)
    {
        const string What = "the Activity definition";
        var properties = ReadObject(element, path, What, DefinitionProperties);
        if (properties is null)
        {
            return;
        }

        if (properties.TryGetValue("name", out var name))
        {
            LanguageMap(name, Child(path, "name"), "the Activity name");
        }

        if (properties.TryGetValue("description", out var description))
        {
            LanguageMap(description, Child(path, "description"), "the Activity description");
        }

        if (properties.TryGetValue("type", out var type))
        {
            CheckIri(type, Child(path, "type"), "the Activity type");
        }

        if (properties.TryGetValue("moreInfo", out var moreInfo))
        {
            CheckIri(moreInfo, Child(path, "moreInfo"), "the Activity moreInfo");
        }

        if (properties.TryGetValue("extensions", out var extensions))
        {
            Extensions(extensions, Child(path, "extensions"), "the Activity extensions");
        }

        Interaction(properties, path);
    }

    private void Interaction(Dictionary<string, JsonElement> properties, string path)
    {
        string[]? allowedLists = null;
        string? interactionType = null;
        if (properties.TryGetValue("interactionType", out var typeElement))
        {
            interactionType = ReadString(typeElement, Child(path, "interactionType"), "the interactionType");
            if (interactionType is not null && !InteractionComponents.TryGetValue(interactionType, out allowedLists))
            {
                Add(Child(path, "interactionType"), ValidationRules.Interaction, $"The interactionType {Quote(interactionType)} is not defined; use one of {string.Join(", ", InteractionComponents.Keys)} (case-sensitive).");
                interactionType = null;
            }
        }

        if (properties.TryGetValue("correctResponsesPattern", out var pattern))
        {
            var patternPath = Child(path, "correctResponsesPattern");
            if (pattern.ValueKind != JsonValueKind.Array)
            {
                Add(patternPath, ValidationRules.JsonType, $"The correctResponsesPattern must be an array of strings, but the value is {Describe(pattern)}.");
            }
            else
            {
                var index = 0;
                foreach (var response in pattern.EnumerateArray())
                {
                    ReadString(response, Index(patternPath, index), "each correct response pattern");
                    index++;
                }
            }
        }

        foreach (var list in ComponentLists)
        {
            if (!properties.TryGetValue(list, out var components))
            {
                continue;
            }

            var listPath = Child(path, list);
            if (typeElement.ValueKind == JsonValueKind.Undefined)
            {
                Add(listPath, ValidationRules.Interaction, $"Interaction components '{list}' need an interactionType; set interactionType or remove '{list}'.");
            }
            else if (interactionType is not null && allowedLists is not null && !allowedLists.Contains(list))
            {
                Add(listPath, ValidationRules.Interaction, $"Interaction components '{list}' are not used by the interactionType {Quote(interactionType)}; {DescribeAllowed(allowedLists)}.");
            }

            Components(components, listPath, list);
        }
    }

    private static string DescribeAllowed(string[] lists) =>
        lists.Length == 0 ? "that type has no component lists" : "that type uses " + string.Join(" and ", lists);

    private void Components(JsonElement element, string path, string list)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(path, ValidationRules.JsonType, $"The '{list}' interaction components must be an array, but the value is {Describe(element)}.");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var component in element.EnumerateArray())
        {
            var componentPath = Index(path, index);
            index++;
            var properties = ReadObject(component, componentPath, "an interaction component", ComponentProperties);
            if (properties is null)
            {
                continue;
            }

            RequireProperty(properties, "id", componentPath, "an interaction component");
            if (properties.TryGetValue("id", out var idElement))
            {
                var id = ReadString(idElement, Child(componentPath, "id"), "the interaction component id");
                if (id is not null && !ids.Add(id))
                {
                    // xAPI 1.0.3 section 2.4.4.1: ids within one component list MUST be distinct.
                    Add(Child(componentPath, "id"), ValidationRules.Interaction, $"The interaction component id {Quote(id)} appears more than once in '{list}'; ids in one list must be distinct.");
                }
            }

            if (properties.TryGetValue("description", out var description))
            {
                LanguageMap(description, Child(componentPath, "description"), "the interaction component description");
            }
        }
    }

    private void StatementRef(JsonElement element, string path, string what)
    {
        var properties = ReadObject(element, path, what, StatementRefProperties);
        if (properties is null)
        {
            return;
        }

        CheckObjectTypeValue(properties, path, what, "StatementRef");
        RequireProperty(properties, "id", path, what);
        if (properties.TryGetValue("id", out var id))
        {
            CheckUuid(id, Child(path, "id"), $"the id of {what}");
        }
    }
}
