using System.Reflection;
using LtiPd.LtiTool.Hosting;
using Microsoft.Extensions.Logging;

namespace LtiPd.LtiTool.Tests;

/// <summary>
/// Admins filter logs by event id, so every <c>[LoggerMessage]</c> in the LtiPd assemblies must
/// have its own id, inside its project's range, and its own event name.
/// </summary>
public sealed class LoggerEventIdTests
{
    private static readonly Dictionary<string, (int Min, int Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["LtiPd.LtiTool"] = (1000, 1999),
        ["LtiPd.XapiBridge"] = (2000, 2999),
        ["LtiPd.Gamification"] = (3000, 3999),
        ["LtiPd.Storage"] = (4000, 4999),
    };

    [Fact]
    public void LoggerMessages_AllAssemblies_FoundInLtiToolAndStorage()
    {
        var assemblies = LoggerMessages().Select(message => message.Assembly).Distinct().ToList();

        Assert.Contains("LtiPd.LtiTool", assemblies);
        Assert.Contains("LtiPd.Storage", assemblies);
    }

    [Fact]
    public void LoggerMessages_EventIds_Unique()
    {
        var duplicates = LoggerMessages()
            .GroupBy(message => message.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Method))}")
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void LoggerMessages_EventNames_SetAndUnique()
    {
        var messages = LoggerMessages();

        Assert.All(messages, message => Assert.False(string.IsNullOrEmpty(message.EventName), $"{message.Method} has no EventName."));
        Assert.Equal(messages.Count, messages.Select(message => message.EventName).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void LoggerMessages_EventIds_InProjectRange()
    {
        Assert.All(LoggerMessages(), message =>
        {
            var (min, max) = Ranges[message.Assembly];
            Assert.InRange(message.EventId, min, max);
        });
    }

    private static List<(string Assembly, string Method, int EventId, string? EventName)> LoggerMessages()
    {
        var root = typeof(LtiEndpoints).Assembly;
        var assemblies = root.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("LtiPd.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(root)
            .Distinct();

        return assemblies
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => (
                pair.Method.DeclaringType!.Assembly.GetName().Name!,
                $"{pair.Method.DeclaringType.FullName}.{pair.Method.Name}",
                pair.Attribute!.EventId,
                pair.Attribute.EventName))
            .ToList();
    }
}
