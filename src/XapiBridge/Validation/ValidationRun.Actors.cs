using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    private static readonly string[] IdentifierProperties = ["mbox", "mbox_sha1sum", "openid", "account"];

    private static readonly string[] AgentProperties = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"];

    private static readonly string[] GroupProperties = ["objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"];

    private static readonly string[] AccountProperties = ["homePage", "name"];

    /// <summary>Checks an Agent or a Group, chosen by <c>objectType</c> (Agent when absent).</summary>
    public void Actor(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ValidationRules.JsonType, $"{Capitalize(what)} must be an Agent or Group object, but the value is {Describe(element)}.");
            return;
        }

        var objectType = PeekObjectType(element);
        switch (objectType)
        {
            case null or "Agent":
                Agent(element, path, what);
                break;
            case "Group":
                Group(element, path, what);
                break;
            default:
                ReportObjectType(element, path, what, "Agent or Group");
                break;
        }
    }

    /// <summary>Checks an Agent: exactly one inverse functional identifier, an optional string name.</summary>
    private void Agent(JsonElement element, string path, string what)
    {
        var properties = ReadObject(element, path, what, AgentProperties);
        if (properties is null)
        {
            return;
        }

        CheckObjectTypeValue(properties, path, what, "Agent");
        CheckName(properties, path, what);

        // xAPI 1.0.3 section 2.4.2.1: an Agent MUST be identified by exactly one of the four.
        var count = Identifiers(properties, path, what);
        if (count != 1)
        {
            var problem = count == 0 ? "has no identifier" : $"has {count} identifiers";
            Add(path, ValidationRules.AgentIdentifier, $"{Capitalize(what)} {problem}; an Agent needs exactly one of mbox, mbox_sha1sum, openid or account.");
        }
    }

    /// <summary>
    /// Checks a Group: identified (exactly one identifier, members optional) or anonymous (no
    /// identifier, members required). Members are Agents; a Group never contains a Group.
    /// </summary>
    private void Group(JsonElement element, string path, string what)
    {
        var properties = ReadObject(element, path, what, GroupProperties);
        if (properties is null)
        {
            return;
        }

        CheckObjectTypeValue(properties, path, what, "Group");
        CheckName(properties, path, what);

        var count = Identifiers(properties, path, what);
        if (count > 1)
        {
            Add(path, ValidationRules.AgentIdentifier, $"{Capitalize(what)} has {count} identifiers; an identified Group needs exactly one of mbox, mbox_sha1sum, openid or account.");
        }

        if (!properties.TryGetValue("member", out var members))
        {
            if (count == 0)
            {
                Add(Child(path, "member"), ValidationRules.GroupMember, $"{Capitalize(what)} is an anonymous Group (no identifier), so it must list its Agents in 'member'.");
            }

            return;
        }

        if (members.ValueKind != JsonValueKind.Array)
        {
            Add(Child(path, "member"), ValidationRules.JsonType, $"The member list of {what} must be an array of Agents, but the value is {Describe(members)}.");
            return;
        }

        if (count == 0 && members.GetArrayLength() == 0)
        {
            Add(Child(path, "member"), ValidationRules.GroupMember, $"{Capitalize(what)} is an anonymous Group, so its member list must name at least one Agent.");
        }

        var index = 0;
        foreach (var member in members.EnumerateArray())
        {
            var memberPath = Index(Child(path, "member"), index);
            if (member.ValueKind == JsonValueKind.Object && PeekObjectType(member) == "Group")
            {
                Add(memberPath, ValidationRules.GroupMember, $"A member of {what} is a Group; Group members must be Agents.");
            }
            else
            {
                Agent(member, memberPath, "a Group member");
            }

            index++;
        }
    }

    /// <summary>Checks the identifiers present and returns how many there are.</summary>
    private int Identifiers(Dictionary<string, JsonElement> properties, string path, string what)
    {
        var count = 0;
        foreach (var name in IdentifierProperties)
        {
            if (!properties.TryGetValue(name, out var value))
            {
                continue;
            }

            count++;
            var valuePath = Child(path, name);
            switch (name)
            {
                case "mbox":
                    var mbox = ReadString(value, valuePath, $"the mbox of {what}");
                    if (mbox is not null && !XapiFormats.IsMailtoIri(mbox))
                    {
                        Add(valuePath, ValidationRules.Mbox, $"The mbox {Quote(mbox)} of {what} is not a mailto IRI; use the form mailto:name@example.com.");
                    }

                    break;
                case "mbox_sha1sum":
                    var sha1 = ReadString(value, valuePath, $"the mbox_sha1sum of {what}");
                    if (sha1 is not null && !XapiFormats.IsSha1Hex(sha1))
                    {
                        Add(valuePath, ValidationRules.MboxSha1Sum, $"The mbox_sha1sum {Quote(sha1)} of {what} is not a SHA-1 digest; use the 40 hexadecimal digits of the SHA-1 of the mailto IRI.");
                    }

                    break;
                case "openid":
                    CheckIri(value, valuePath, $"the openid of {what}");
                    break;
                case "account":
                    Account(value, valuePath, what);
                    break;
            }
        }

        return count;
    }

    private void Account(JsonElement element, string path, string owner)
    {
        var what = $"the account of {owner}";
        var properties = ReadObject(element, path, what, AccountProperties);
        if (properties is null)
        {
            return;
        }

        RequireProperty(properties, "homePage", path, what);
        RequireProperty(properties, "name", path, what);
        if (properties.TryGetValue("homePage", out var homePage))
        {
            CheckIri(homePage, Child(path, "homePage"), $"the homePage of {what}");
        }

        if (properties.TryGetValue("name", out var name))
        {
            ReadString(name, Child(path, "name"), $"the name of {what}");
        }
    }

    private void CheckName(Dictionary<string, JsonElement> properties, string path, string what)
    {
        if (properties.TryGetValue("name", out var name))
        {
            ReadString(name, Child(path, "name"), $"the name of {what}");
        }
    }

    /// <summary>
    /// Checks the <c>authority</c>: an Agent, or for three-legged OAuth an anonymous Group of
    /// exactly two Agents (xAPI 1.0.3 section 2.4.9).
    /// </summary>
    private void Authority(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object && PeekObjectType(element) == "Group")
        {
            var errorCount = _errors.Count;
            Group(element, path, "the authority");
            if (_errors.Count > errorCount)
            {
                return;
            }

            var hasIdentifier = IdentifierProperties.Any(name => element.TryGetProperty(name, out _));
            var memberCount = element.TryGetProperty("member", out var members) && members.ValueKind == JsonValueKind.Array
                ? members.GetArrayLength()
                : 0;
            if (hasIdentifier || memberCount != 2)
            {
                Add(path, ValidationRules.Authority, $"A Group as authority must be an anonymous Group of exactly two Agents (an OAuth consumer and a user); this one {(hasIdentifier ? "has an identifier" : $"has {memberCount} members")}.");
            }

            return;
        }

        Actor(element, path, "the authority");
    }

    /// <summary>Returns the <c>objectType</c> string of an object, or null when it is absent or not a string.</summary>
    private static string? PeekObjectType(JsonElement element) =>
        element.TryGetProperty("objectType", out var objectType) && objectType.ValueKind == JsonValueKind.String
            ? objectType.GetString()
            : null;

    private void CheckObjectTypeValue(Dictionary<string, JsonElement> properties, string path, string what, string expected)
    {
        if (properties.TryGetValue("objectType", out var objectType) && (objectType.ValueKind != JsonValueKind.String || objectType.GetString() != expected))
        {
            Add(Child(path, "objectType"), ValidationRules.ObjectType, $"The objectType of {what} must be '{expected}', but the value is {Describe(objectType)}.");
        }
    }

    private void ReportObjectType(JsonElement element, string path, string what, string expected)
    {
        var objectType = element.GetProperty("objectType");
        Add(Child(path, "objectType"), ValidationRules.ObjectType, $"The objectType of {what} must be {expected} (case-sensitive), but the value is {Describe(objectType)}.");
    }
}
