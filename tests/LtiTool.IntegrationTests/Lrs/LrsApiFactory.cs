using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

/// <summary>
/// The LtiTool host with the embedded LRS on a fresh SQLite file and three credentials: two in
/// district A (one with every scope, one with statements/read/mine and statements/write) and
/// one in district B.
/// </summary>
public sealed class LrsApiFactory : WebApplicationFactory<Program>
{
    public const string TenantA = "district-a";
    public const string TenantB = "district-b";
    public const string AllKey = "district-a-all";
    public const string MineKey = "district-a-mine";
    public const string OtherKey = "district-b-all";
    public const string Secret = "integration-secret-0001";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ltipd-lrs-it-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra settings a test class needs, applied over the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Lrs:MaxStatementsPerBatch"] = "5",
    };

    public HttpClient CreateLrsClient(string key = AllKey, string version = "1.0.3")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{Secret}")));
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", version);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        AddCredential(builder, 0, AllKey, "all", TenantA);
        AddCredential(builder, 1, MineKey, "statements/write statements/read/mine", TenantA);
        AddCredential(builder, 2, OtherKey, "all", TenantB);
        foreach (var (name, value) in Settings)
        {
            builder.UseSetting(name, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static void AddCredential(IWebHostBuilder builder, int index, string key, string scopes, string tenant)
    {
        builder.UseSetting($"Lrs:Credentials:{index}:Key", key);
        builder.UseSetting($"Lrs:Credentials:{index}:Secret", Secret);
        builder.UseSetting($"Lrs:Credentials:{index}:Scopes:0", scopes);
        builder.UseSetting($"Lrs:Credentials:{index}:Tenant", tenant);
    }
}
