using LtiPd.Storage;
using Microsoft.AspNetCore.Hosting;

namespace LtiPd.TestSupport;

/// <summary>Points an application host at a <see cref="TestDatabase"/> through its configuration.</summary>
public static class TestDatabaseHostingExtensions
{
    /// <summary>
    /// Returns the <c>Storage</c> settings that make the application use <paramref name="database"/>:
    /// its provider and connection string, with migrations left on so the host applies its own
    /// components' scripts at start-up.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ToStorageSettings(this TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] = database.Provider.ToString(),
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"] = database.ConnectionString,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.MigrateOnStartup)}"] = bool.TrueString,
        };
    }

    /// <summary>
    /// Applies <see cref="ToStorageSettings"/> to a web host, for use in
    /// <c>WebApplicationFactory.ConfigureWebHost</c>. Settings given this way reach the
    /// application's configuration before <c>Program</c> reads it.
    /// </summary>
    public static IWebHostBuilder UseTestDatabase(this IWebHostBuilder builder, TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in database.ToStorageSettings())
        {
            builder.UseSetting(key, value);
        }

        return builder;
    }
}
