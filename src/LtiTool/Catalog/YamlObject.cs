using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Reads the fields of one YAML mapping and records a <see cref="CatalogProblem"/> for every field
/// that is missing, of the wrong type or out of range, instead of stopping at the first, so an
/// author sees every problem of a file in one start-up. Fields the reader never asked for are
/// reported by <see cref="ReportUnknownFields"/>, which catches misspelt names.
/// </summary>
internal sealed class YamlObject
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly CatalogProblemList _problems;
    private readonly HashSet<string> _readKeys = new(StringComparer.Ordinal);

    public YamlObject(YamlMappingNode node, string path, CatalogProblemList problems)
    {
        _node = node;
        _path = path;
        _problems = problems;
    }

    /// <summary>The path of this mapping inside its file, empty at the top level.</summary>
    public string Path => _path;

    public string FieldPath(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public void Problem(string key, string message) => _problems.Add(FieldPath(key), message);

    public bool Has(string key) => Find(key) is not null;

    /// <summary>Reads a non-blank string of at most <paramref name="maxLength"/> characters.</summary>
    public string? String(string key, bool required, int maxLength = 500)
    {
        var scalar = Scalar(key, required, "a text");
        if (scalar is null)
        {
            return null;
        }

        var value = scalar.Trim();
        if (value.Length == 0)
        {
            Problem(key, "is empty; write a value or remove the field.");
            return null;
        }

        if (value.Length > maxLength)
        {
            Problem(key, $"has {value.Length} characters; the maximum is {maxLength}.");
            return null;
        }

        return value;
    }

    /// <summary>Reads an id: lower-case letters, digits and single hyphens, at most 64 characters.</summary>
    public string? Id(string key, bool required = true)
    {
        var value = String(key, required, maxLength: 64);
        if (value is not null && !CatalogIds.IsValid(value))
        {
            Problem(key, $"'{value}' is not a valid id; use lower-case letters, digits and single hyphens, such as 'exit-tickets'.");
            return null;
        }

        return value;
    }

    public int? Int(string key, bool required, int min, int max)
    {
        var scalar = Scalar(key, required, "a whole number");
        if (scalar is null)
        {
            return null;
        }

        if (!int.TryParse(scalar, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Problem(key, $"'{scalar}' is not a whole number.");
            return null;
        }

        if (value < min || value > max)
        {
            Problem(key, $"{value} is out of range; use a number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public decimal? Decimal(string key, bool required, decimal min, decimal max)
    {
        var scalar = Scalar(key, required, "a number");
        if (scalar is null)
        {
            return null;
        }

        if (!decimal.TryParse(scalar, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Problem(key, $"'{scalar}' is not a number; write it with a decimal point, such as 1.5.");
            return null;
        }

        if (value < min || value > max)
        {
            Problem(key, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; use a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    public bool? Bool(string key, bool required)
    {
        var scalar = Scalar(key, required, "true or false");
        if (scalar is null)
        {
            return null;
        }

        if (!bool.TryParse(scalar, out var value))
        {
            Problem(key, $"'{scalar}' is not true or false.");
            return null;
        }

        return value;
    }

    /// <summary>Reads a list of non-blank strings; a single string is taken as a list of one.</summary>
    public IReadOnlyList<string>? Strings(string key, bool required, int maxLength = 200)
    {
        var node = Find(key);
        if (node is null)
        {
            ReportMissing(key, required, "a list");
            return null;
        }

        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return String(key, required, maxLength) is { } single ? [single] : null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            Problem(key, "must be a list with at least one entry.");
            return null;
        }

        var values = new List<string>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index] as YamlScalarNode;
            var text = item?.Value?.Trim();
            if (item is null || IsNull(item) || string.IsNullOrEmpty(text))
            {
                _problems.Add($"{FieldPath(key)}[{index}]", "must be a non-empty text.");
            }
            else if (text.Length > maxLength)
            {
                _problems.Add($"{FieldPath(key)}[{index}]", $"has {text.Length} characters; the maximum is {maxLength}.");
            }
            else
            {
                values.Add(text);
            }
        }

        return values.Count == sequence.Children.Count ? values : null;
    }

    public YamlObject? Object(string key, bool required)
    {
        var node = Find(key);
        if (node is null)
        {
            ReportMissing(key, required, "a mapping");
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Problem(key, "must be a mapping of fields (name: value).");
            return null;
        }

        return new YamlObject(mapping, FieldPath(key), _problems);
    }

    /// <summary>Reads a non-empty list of mappings.</summary>
    public IReadOnlyList<YamlObject>? Objects(string key, bool required)
    {
        var node = Find(key);
        if (node is null)
        {
            ReportMissing(key, required, "a list");
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            Problem(key, "must be a list with at least one entry.");
            return null;
        }

        var items = new List<YamlObject>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var path = $"{FieldPath(key)}[{index}]";
            if (sequence.Children[index] is YamlMappingNode mapping)
            {
                items.Add(new YamlObject(mapping, path, _problems));
            }
            else
            {
                _problems.Add(path, "must be a mapping of fields (name: value).");
            }
        }

        return items.Count == sequence.Children.Count ? items : null;
    }

    /// <summary>Returns the keys of this mapping with their scalar values; non-scalar values are reported.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ScalarEntries()
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var (keyNode, valueNode) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            _readKeys.Add(key);
            var text = valueNode is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                Problem(key, "must be a non-empty text.");
                continue;
            }

            entries.Add(new KeyValuePair<string, string>(key, text));
        }

        return entries;
    }

    /// <summary>Records a problem for every field of this mapping that was never read.</summary>
    public void ReportUnknownFields()
    {
        foreach (var keyNode in _node.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (!_readKeys.Contains(key))
            {
                Problem(key, "is not a known field here; check its spelling or remove it.");
            }
        }
    }

    private string? Scalar(string key, bool required, string expected)
    {
        var node = Find(key);
        if (node is null || (node is YamlScalarNode nullScalar && IsNull(nullScalar)))
        {
            ReportMissing(key, required, expected);
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Problem(key, $"must be {expected}, not a list or mapping.");
            return null;
        }

        return scalar.Value ?? string.Empty;
    }

    private YamlNode? Find(string key)
    {
        _readKeys.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private void ReportMissing(string key, bool required, string expected)
    {
        if (required)
        {
            Problem(key, $"is missing; it must be {expected}.");
        }
    }

    // A plain empty value, '~' or 'null' is YAML's null.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");
}
