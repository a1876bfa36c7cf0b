using System.Globalization;
using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

/// <summary>
/// One pass of <see cref="StatementValidator"/> over a JSON document. It walks the statement
/// and collects every broken rule; bad input becomes errors, not exceptions. This file contains
/// the shared JSON checks, and the other parts contain the rules of each statement component.
/// </summary>
internal sealed partial class ValidationRun
{
    private const int MaxQuotedLength = 80;

    private readonly List<ValidationError> _errors = [];

    public ValidationRun(XapiVersion version)
    {
        Version = version;
    }

    public XapiVersion Version { get; }

    public IReadOnlyList<ValidationError> Errors => _errors;

    private void Add(string path, string rule, string message) => _errors.Add(new ValidationError(path, rule, message));

    /// <summary>
    /// Reads an object's properties, reporting duplicate keys, <c>null</c> values and properties
    /// not in <paramref name="allowed"/> (a wrong letter case gets its own rule). Returns the
    /// usable properties, or null when <paramref name="element"/> is not an object.
    /// </summary>
    private Dictionary<string, JsonElement>? ReadObject(
        JsonElement element,
        string path,
        string what,
        IReadOnlyCollection<string> allowed,
        string unknownRule = ValidationRules.UnknownProperty)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ValidationRules.JsonType, $"{Capitalize(what)} must be a JSON object, but the value is {Describe(element)}.");
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Add(Child(path, property.Name), ValidationRules.DuplicateProperty, $"Property '{property.Name}' appears more than once in {what}; send it once.");
                continue;
            }

            if (!allowed.Contains(property.Name))
            {
                var correct = allowed.FirstOrDefault(name => string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase));
                if (correct is not null && unknownRule == ValidationRules.UnknownProperty)
                {
                    Add(Child(path, property.Name), ValidationRules.PropertyCase, $"Property '{property.Name}' in {what} must be spelled '{correct}'; xAPI property names are case-sensitive.");
                }
                else
                {
                    Add(Child(path, property.Name), unknownRule, $"Property '{property.Name}' is not defined for {what} in xAPI {VersionText}; allowed: {string.Join(", ", allowed)}.");
                }

                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                Add(Child(path, property.Name), ValidationRules.NullValue, $"Property '{property.Name}' of {what} is null; leave the property out instead.");
                continue;
            }

            properties[property.Name] = property.Value;
        }

        return properties;
    }

    /// <summary>Returns the string value, or reports a type error and returns null.</summary>
    private string? ReadString(JsonElement element, string path, string what)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString();
        }

        Add(path, ValidationRules.JsonType, $"{Capitalize(what)} must be a string, but the value is {Describe(element)}.");
        return null;
    }

    private void RequireProperty(Dictionary<string, JsonElement> properties, string name, string path, string what)
    {
        if (!properties.ContainsKey(name))
        {
            Add(Child(path, name), ValidationRules.RequiredProperty, $"{Capitalize(what)} must have the property '{name}'.");
        }
    }

    private void CheckIri(JsonElement element, string path, string what)
    {
        var value = ReadString(element, path, what);
        if (value is not null && !XapiFormats.IsIri(value))
        {
            Add(path, ValidationRules.Iri, $"{Capitalize(what)} {Quote(value)} is not an absolute IRI; use a full IRI with a scheme, such as https://example.com/path.");
        }
    }

    private void CheckUuid(JsonElement element, string path, string what)
    {
        var value = ReadString(element, path, what);
        if (value is not null && !XapiFormats.IsUuid(value))
        {
            Add(path, ValidationRules.Uuid, $"{Capitalize(what)} {Quote(value)} is not a UUID; use the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx with hexadecimal digits.");
        }
    }

    private void CheckBoolean(JsonElement element, string path, string what)
    {
        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(path, ValidationRules.JsonType, $"{Capitalize(what)} must be true or false, but the value is {Describe(element)}.");
        }
    }

    private void CheckTimestamp(JsonElement element, string path, string what)
    {
        var value = ReadString(element, path, what);
        if (value is not null && !XapiFormats.TryParseTimestamp(value, out _))
        {
            Add(path, ValidationRules.Timestamp, $"{Capitalize(what)} {Quote(value)} is not an ISO 8601 timestamp with a known offset; use the form 2024-05-01T10:00:00.000Z.");
        }
    }

    /// <summary>
    /// Checks a language map: a JSON object (never an array or a string) whose keys are RFC 5646
    /// language tags and whose values are strings.
    /// </summary>
    private void LanguageMap(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ValidationRules.LanguageMap, $"{Capitalize(what)} must be a language map, a JSON object such as {{\"en-US\": \"text\"}}, but the value is {Describe(element)}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            var entryPath = Child(path, entry.Name);
            if (!seen.Add(entry.Name))
            {
                Add(entryPath, ValidationRules.DuplicateProperty, $"Language '{entry.Name}' appears more than once in {what}; send it once.");
                continue;
            }

            if (!XapiFormats.IsLanguageTag(entry.Name))
            {
                Add(entryPath, ValidationRules.LanguageTag, $"Key {Quote(entry.Name)} of {what} is not an RFC 5646 language tag; use a tag such as en-US or fr.");
            }

            if (entry.Value.ValueKind == JsonValueKind.Null)
            {
                Add(entryPath, ValidationRules.NullValue, $"The {Quote(entry.Name)} entry of {what} is null; leave the entry out instead.");
            }
            else if (entry.Value.ValueKind != JsonValueKind.String)
            {
                Add(entryPath, ValidationRules.JsonType, $"The {Quote(entry.Name)} entry of {what} must be a string, but the value is {Describe(entry.Value)}.");
            }
        }
    }

    /// <summary>
    /// Checks an extensions map: a JSON object (never an array) whose keys are IRIs. Values may be
    /// any JSON, <c>null</c> included, because extensions are the one place xAPI allows null.
    /// </summary>
    private void Extensions(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ValidationRules.Extensions, $"{Capitalize(what)} must be a JSON object keyed by IRIs, but the value is {Describe(element)}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            var entryPath = Child(path, entry.Name);
            if (!seen.Add(entry.Name))
            {
                Add(entryPath, ValidationRules.DuplicateProperty, $"Extension key '{entry.Name}' appears more than once in {what}; send it once.");
            }
            else if (!XapiFormats.IsIri(entry.Name))
            {
                Add(entryPath, ValidationRules.Extensions, $"Extension key {Quote(entry.Name)} in {what} is not an IRI; extension keys must be absolute IRIs such as https://example.com/extensions/name.");
            }
        }
    }

    private string VersionText => Version switch
    {
        XapiVersion.V1 => "1.0.3",
        XapiVersion.V2 => "2.0",
    };

    /// <summary>Appends a property to a JSONPath, in bracket notation when the name is not a plain identifier.</summary>
    internal static string Child(string path, string name)
    {
        var plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(character => char.IsAsciiLetterOrDigit(character) || character == '_');
        return plain ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    internal static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>Renders a JSON value for a message: strings quoted, long values cut short.</summary>
    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Quote(element.GetString() ?? string.Empty),
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object " + Shorten(element.GetRawText()),
        JsonValueKind.Array => "an array " + Shorten(element.GetRawText()),
        JsonValueKind.Number => "the number " + Shorten(element.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => "the boolean " + element.GetRawText(),
        JsonValueKind.Undefined => "undefined",
    };

    internal static string Quote(string value) => $"'{Shorten(value)}'";

    private static string Shorten(string text) =>
        text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "...");

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
