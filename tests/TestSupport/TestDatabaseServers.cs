using LtiPd.Storage;

namespace LtiPd.TestSupport;

/// <summary>
/// The database servers a test run may use, read from environment variables. SQLite needs no
/// server and is always available; PostgreSQL and SQL Server run only where their variable holds
/// an admin connection string (a role allowed to create and drop databases).
/// </summary>
public static class TestDatabaseServers
{
    /// <summary>The variable naming the PostgreSQL server, for example
    /// <c>Host=127.0.0.1;Username=ltipd;Password=...;Database=postgres</c>.</summary>
    public const string PostgreSqlVariable = "LTIPD_TEST_POSTGRESQL";

    /// <summary>The variable naming the SQL Server instance, for example
    /// <c>Server=127.0.0.1;User ID=sa;Password=...;TrustServerCertificate=true</c>.</summary>
    public const string SqlServerVariable = "LTIPD_TEST_SQLSERVER";

    /// <summary>Returns the environment variable that configures <paramref name="provider"/>, or
    /// null for SQLite, which needs none.</summary>
    public static string? VariableFor(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => null,
        DatabaseProvider.PostgreSql => PostgreSqlVariable,
        DatabaseProvider.SqlServer => SqlServerVariable,
    };

    /// <summary>Returns the admin connection string for <paramref name="provider"/>, or null when
    /// its variable is unset or blank. SQLite always returns null.</summary>
    public static string? AdminConnectionString(DatabaseProvider provider)
    {
        var variable = VariableFor(provider);
        if (variable is null)
        {
            return null;
        }

        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Whether tests can run on <paramref name="provider"/> in this run.</summary>
    public static bool IsConfigured(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite || AdminConnectionString(provider) is not null;

    /// <summary>The skip reason for a provider that is not configured, naming the variable to set.</summary>
    public static string NotConfiguredReason(DatabaseProvider provider) =>
        $"{provider} is not configured: set {VariableFor(provider)} to an admin connection string to run this row.";
}
