using System.Globalization;

namespace LtiPd.LtiTool.Catalog;

/// <summary>Checks a reflection against its activity's length limits.</summary>
public static class ReflectionCheck
{
    /// <summary>
    /// Returns the reflection with line endings normalised and outer white space removed, and its
    /// length in user-perceived characters (an emoji or an accented letter counts once).
    /// </summary>
    public static (string Text, int Length) Normalize(string? text)
    {
        var normalized = (text ?? string.Empty).ReplaceLineEndings("\n").Trim();
        return (normalized, new StringInfo(normalized).LengthInTextElements);
    }

    /// <summary>Returns a message naming the length and the fix when the text is too short or too long, or null when it fits.</summary>
    public static string? Problem(ReflectionSpec spec, int length)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (length < spec.MinLength)
        {
            return length == 0
                ? $"Your reflection is empty. Write at least {spec.MinLength} characters to finish this activity."
                : $"Your reflection has {length} characters. Write at least {spec.MinLength} characters ({spec.MinLength - length} more) to finish this activity.";
        }

        if (length > spec.MaxLength)
        {
            return $"Your reflection has {length} characters, more than the limit of {spec.MaxLength}. Shorten it by {length - spec.MaxLength} characters.";
        }

        return null;
    }
}
