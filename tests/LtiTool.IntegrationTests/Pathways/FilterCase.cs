using System.Globalization;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>One set of compliance filters, as query parameters and as values the expected results apply.</summary>
internal sealed record FilterCase
{
    public string? ModuleId { get; init; }

    public string? School { get; init; }

    public string? Course { get; init; }

    public PdRole? Role { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Returns the filters as query parameters, each starting with an ampersand.</summary>
    public string Query()
    {
        var parts = new List<string>();
        Add(parts, "module", ModuleId);
        Add(parts, "school", School);
        Add(parts, "course", Course);
        Add(parts, "role", Role?.ToString());
        Add(parts, "from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(parts, "to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return string.Concat(parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"&{name}={Uri.EscapeDataString(value)}");
        }
    }
}
