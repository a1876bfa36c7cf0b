using Microsoft.Extensions.Logging;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>One log entry a test host wrote.</summary>
/// <param name="Category">The logger category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id and name.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Properties">The structured values, as <c>Name=value</c> pairs.</param>
/// <param name="Exception">The exception text, if any.</param>
public sealed record CapturedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, string Properties, string? Exception)
{
    /// <summary>Whether <paramref name="text"/> appears anywhere in the entry.</summary>
    public bool Contains(string text) =>
        Message.Contains(text, StringComparison.Ordinal)
        || Properties.Contains(text, StringComparison.Ordinal)
        || (Exception?.Contains(text, StringComparison.Ordinal) ?? false);
}
