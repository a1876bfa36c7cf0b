using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// One launch as an LMS sends it, read from <c>Fixtures/*.json</c> in the test output folder: the
/// platform registration, the JWT header, the id_token claims and the expected outcome.
/// </summary>
public sealed class LaunchFixture
{
    private LaunchFixture(string name, JsonObject root)
    {
        Name = name;
        Platform = Required<JsonObject>(root, "platform", name);
        Header = Required<JsonObject>(root, "header", name);
        Claims = Required<JsonObject>(root, "claims", name);
        Expect = Required<JsonObject>(root, "expect", name);
    }

    /// <summary>The file name without extension, such as <c>canvas-learner</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>platform</c> object: issuer, clientId, deploymentIds and endpoint URLs.</summary>
    public JsonObject Platform { get; }

    /// <summary>The JWT header the platform uses.</summary>
    public JsonObject Header { get; }

    /// <summary>The id_token payload as the platform sent it.</summary>
    public JsonObject Claims { get; }

    /// <summary>What the tool must conclude: role, sub, contextId, resourceLinkId, messageType.</summary>
    public JsonObject Expect { get; }

    /// <summary>The platform's issuer.</summary>
    public string Issuer => (string)Platform["issuer"]!;

    /// <summary>The client id the platform assigned.</summary>
    public string ClientId => (string)Platform["clientId"]!;

    /// <summary>The deployment id the launch claims.</summary>
    public string DeploymentId => (string)Claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"]!;

    /// <summary>The registered deployment ids.</summary>
    public IReadOnlyList<string> DeploymentIds => Platform["deploymentIds"]!.AsArray().Select(node => (string)node!).ToList();

    /// <summary>The kid in the platform's JWT header.</summary>
    public string Kid => (string)Header["kid"]!;

    /// <summary>The token lifetime the platform uses (exp - iat), in seconds.</summary>
    public long LifetimeSeconds => (long)Claims["exp"]! - (long)Claims["iat"]!;

    /// <summary>Returns <paramref name="name"/> of <see cref="Expect"/>, or null when the fixture leaves it out.</summary>
    public string? Expected(string name) => (string?)Expect[name];

    /// <summary>Returns the path part of a platform URL, such as the JWKS path.</summary>
    public string PlatformPath(string urlName) => new Uri((string)Platform[urlName]!).PathAndQuery;

    /// <summary>The names of every fixture in the output folder.</summary>
    public static IReadOnlyList<string> AllNames() =>
        Directory.GetFiles(FixtureFolder, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Loads <c>Fixtures/<paramref name="name"/>.json</c> from the test output folder.</summary>
    public static LaunchFixture Load(string name)
    {
        var path = Path.Combine(FixtureFolder, name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture '{name}' is not in {FixtureFolder}. The test project copies Fixtures/*.json to its output folder.", path);
        }

        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"Fixture '{name}' is not a JSON object.");
        return new LaunchFixture(name, root);
    }

    private static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static T Required<T>(JsonObject root, string property, string name)
        where T : JsonNode =>
        root[property] as T ?? throw new InvalidDataException($"Fixture '{name}' has no '{property}' object.");
}
