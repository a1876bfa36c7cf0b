using Microsoft.Extensions.Options;

namespace LtiPd.Storage;

/// <summary>Rejects storage settings that cannot work, naming the setting and the fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Enum.IsDefined(options.Provider))
        {
            // The other rules depend on the provider, so they would only add noise.
            failures.Add($"Storage:Provider '{options.Provider}' is not supported. Use Sqlite, PostgreSql or SqlServer.");
        }
        else if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Storage:ConnectionString is missing. Provider {options.Provider} needs a connection string; only Sqlite can run without one.");
        }

        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString)
            && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Storage:DataDirectory is empty. Set it to the folder where the SQLite database file should live, or set Storage:ConnectionString.");
        }

        if (options.CommandTimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"Storage:CommandTimeoutSeconds {options.CommandTimeoutSeconds} is out of range. Use a value from 1 to 3600 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
