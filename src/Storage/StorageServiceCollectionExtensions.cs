using LtiPd.Storage.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.Storage;

/// <summary>Registers LtiPd's database access, migrations and database-backed shared state.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="Database"/> from the <c>Storage</c> section (validated at start-up), the
    /// migration runner, and data-protection keys stored in the database.
    /// </summary>
    public static IServiceCollection AddLtiPdStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return Database.FromOptions(options, environment.ContentRootPath, provider.GetService<ILogger<Database>>());
        });

        services.AddMigrations(typeof(StorageServiceCollectionExtensions).Assembly);
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<MigrationHostedService>();

        // NOTE: no XML encryptor is configured, so the keys sit in data_protection_keys in plain
        // text and anyone who can read that table can decrypt what the tool protects.
        services.AddDataProtection().SetApplicationName("LtiPd");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DatabaseXmlRepository(
                    provider.GetRequiredService<Database>(),
                    provider.GetRequiredService<TimeProvider>())));

        return services;
    }

    /// <summary>Adds the embedded migration scripts of <paramref name="assembly"/> to the schema.</summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services, System.Reflection.Assembly assembly)
    {
        services.AddSingleton(new MigrationSource(assembly));
        return services;
    }
}
