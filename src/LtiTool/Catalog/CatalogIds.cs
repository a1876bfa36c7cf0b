using System.Text.RegularExpressions;

namespace LtiPd.LtiTool.Catalog;

/// <summary>The form of module, activity, question, option and rubric ids.</summary>
public static partial class CatalogIds
{
    /// <summary>Whether <paramref name="value"/> is lower-case letters and digits in hyphen-separated words, at most 64 characters.</summary>
    public static bool IsValid(string? value) => value is { Length: > 0 and <= 64 } && IdPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
