using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>A platform registered with the tool under test, whose endpoints the mock LMS serves.</summary>
public sealed class TestPlatform
{
    private readonly LtiToolHost _host;
    private readonly Guid _jwksMapping = Guid.NewGuid();

    internal TestPlatform(LtiToolHost host, string issuer, string clientId, string deploymentId, string authPath, string jwksPath, PlatformKey key)
    {
        _host = host;
        Issuer = issuer;
        ClientId = clientId;
        DeploymentId = deploymentId;
        AuthPath = authPath;
        JwksPath = jwksPath;
        Key = key;
        _host.PlatformServer
            .Given(Request.Create().WithPath(authPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("authorization endpoint"));
    }

    /// <summary>The issuer.</summary>
    public string Issuer { get; }

    /// <summary>The client id.</summary>
    public string ClientId { get; }

    /// <summary>The active deployment.</summary>
    public string DeploymentId { get; }

    /// <summary>The authorization endpoint's path on the mock LMS.</summary>
    public string AuthPath { get; }

    /// <summary>The JWKS path on the mock LMS.</summary>
    public string JwksPath { get; }

    /// <summary>The key the platform signs with.</summary>
    public PlatformKey Key { get; }

    /// <summary>The tool's id for the registration.</summary>
    public string RegistrationId { get; internal set; } = "";

    /// <summary>The number of times the tool fetched this platform's JWKS.</summary>
    public int JwksRequestCount =>
        _host.PlatformServer.LogEntries.Count(entry => entry.RequestMessage.Path == JwksPath);

    /// <summary>Serves <paramref name="keys"/> as the platform's JWKS, replacing what it served before.</summary>
    public void ServeJwks(params JsonObject[] keys)
    {
        var body = new JsonObject { ["keys"] = new JsonArray(keys.Select(key => (JsonNode)key.DeepClone()).ToArray()) };
        _host.PlatformServer
            .Given(Request.Create().WithPath(JwksPath).UsingGet())
            .WithGuid(_jwksMapping)
            .RespondWith(Response.Create()
                .WithStatusCode(200)
                .WithHeader("Content-Type", "application/json")
                .WithBody(body.ToJsonString()));
    }

    /// <summary>The login parameters this platform sends to start a launch.</summary>
    public LoginParameters Login(string? deploymentId = null) => new()
    {
        Issuer = Issuer,
        LoginHint = "hint-" + Guid.NewGuid().ToString("N")[..8],
        TargetLinkUri = LtiToolHost.LaunchUrl,
        ClientId = ClientId,
        DeploymentId = deploymentId ?? DeploymentId,
        LtiMessageHint = "message-hint-" + Guid.NewGuid().ToString("N")[..8],
    };

    /// <summary>Starts a valid id_token for <paramref name="login"/>.</summary>
    public IdTokenBuilder Token(LoginRedirect login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return IdTokenBuilder.ForLaunch(Key, Issuer, ClientId, DeploymentId, login.Nonce, LtiToolHost.LaunchUrl, DateTimeOffset.UtcNow);
    }
}
