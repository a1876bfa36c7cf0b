namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

/// <summary>
/// The test classes that start Chromium. xunit runs the classes of one collection one after the
/// other, so at most one browser runs at a time. With several at once beside the other test classes,
/// a 2-core runner once left a tool frame unresponsive for over 20 seconds.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Chromium";
}
