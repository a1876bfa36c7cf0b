namespace LtiPd.Storage.Tests;

public sealed class StorageOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_SqliteWithConnectionStringAndNoDataDirectory_Succeeds()
    {
        var options = new StorageOptions { ConnectionString = "Data Source=/srv/ltipd/ltipd.db", DataDirectory = "" };

        var result = new StorageOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
    }

    public static TheoryData<StorageOptions, string> InvalidOptions => new()
    {
        {
            new StorageOptions { Provider = (DatabaseProvider)7 },
            "Storage:Provider '7' is not supported. Use Sqlite, PostgreSql or SqlServer."
        },
        {
            new StorageOptions { Provider = DatabaseProvider.PostgreSql },
            "Storage:ConnectionString is missing. Provider PostgreSql needs a connection string; only Sqlite can run without one."
        },
        {
            new StorageOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "  " },
            "Storage:ConnectionString is missing. Provider SqlServer needs a connection string; only Sqlite can run without one."
        },
        {
            new StorageOptions { DataDirectory = " " },
            "Storage:DataDirectory is empty. Set it to the folder where the SQLite database file should live, or set Storage:ConnectionString."
        },
        {
            new StorageOptions { CommandTimeoutSeconds = 0 },
            "Storage:CommandTimeoutSeconds 0 is out of range. Use a value from 1 to 3600 seconds."
        },
        {
            new StorageOptions { CommandTimeoutSeconds = 3601 },
            "Storage:CommandTimeoutSeconds 3601 is out of range. Use a value from 1 to 3600 seconds."
        },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidSetting_FailsNamingSettingAndFix(StorageOptions options, string expectedMessage)
    {
        var result = new StorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expectedMessage], result.Failures);
    }

    [Fact]
    public void Validate_SeveralInvalidSettings_ReportsEach()
    {
        var options = new StorageOptions { Provider = DatabaseProvider.PostgreSql, CommandTimeoutSeconds = -5 };

        var result = new StorageOptionsValidator().Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Storage:ConnectionString is missing.", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Storage:CommandTimeoutSeconds -5 is out of range.", StringComparison.Ordinal));
    }
}
