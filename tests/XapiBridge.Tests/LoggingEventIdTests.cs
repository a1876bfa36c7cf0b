using System.Reflection;
using LtiPd.XapiBridge.Forwarding;
using Microsoft.Extensions.Logging;

namespace LtiPd.XapiBridge.Tests;

public sealed class LoggingEventIdTests
{
    [Fact]
    public void LoggerMessages_XapiBridge_UniqueAndInRange()
    {
        var eventIds = typeof(OutboxDeliverer).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(attribute => attribute.EventId)
            .ToList();

        Assert.NotEmpty(eventIds);
        Assert.Equal(eventIds.Count, eventIds.Distinct().Count());
        Assert.All(eventIds, id => Assert.InRange(id, 2000, 2999));
    }
}
