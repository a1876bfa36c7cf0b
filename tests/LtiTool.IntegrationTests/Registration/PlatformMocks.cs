using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Registration;

/// <summary>
/// The OpenID configuration and registration endpoints of Moodle (4.x, mod/lti) and Canvas, in the
/// shapes they send, served by WireMock on 127.0.0.1. Both respond only to the expected bearer token.
/// </summary>
internal static class PlatformMocks
{
    public const string Token = "registration-token-5b1f";

    public const string MoodleConfigurationPath = "/mod/lti/openid-configuration.php";

    public const string CanvasConfigurationPath = "/api/lti/security/openid-configuration";

    /// <summary>Moodle: messages_supported as plain strings, placements at the top level, deployment id a string.</summary>
    public static void ServeMoodle(WireMockServer server, string? issuer = null)
    {
        var baseUrl = server.Url!;
        var configuration = new JsonObject
        {
            ["issuer"] = issuer ?? baseUrl,
            ["token_endpoint"] = baseUrl + "/mod/lti/token.php",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["jwks_uri"] = baseUrl + "/mod/lti/certs.php",
            ["authorization_endpoint"] = baseUrl + "/mod/lti/auth.php",
            ["registration_endpoint"] = baseUrl + "/mod/lti/openid-registration.php",
            ["scopes_supported"] = new JsonArray(
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
                "openid"),
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public", "pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["claims_supported"] = new JsonArray("sub", "iss", "name", "given_name", "family_name", "email"),
            ["https://purl.imsglobal.org/spec/lti-platform-configuration"] = new JsonObject
            {
                ["product_family_code"] = "moodle",
                ["version"] = "4.3.2 (Build: 20231222)",
                ["messages_supported"] = new JsonArray("LtiResourceLinkRequest", "LtiDeepLinkingRequest"),
                ["placements"] = new JsonArray("AddContentMenu"),
                ["variables"] = new JsonArray("basic-lti-launch-request", "ContentItemSelectionRequest", "Context.id"),
            },
        };
        var registered = new JsonObject
        {
            ["client_id"] = "Xk3pQ9vT2mLr7Aa",
            ["response_types"] = new JsonArray("id_token"),
            ["application_type"] = "web",
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["https://purl.imsglobal.org/spec/lti-tool-configuration"] = new JsonObject
            {
                ["version"] = "1.3.0",
                ["deployment_id"] = "7",
                ["claims"] = new JsonArray("iss", "sub", "name", "given_name", "family_name", "email"),
            },
        };
        Serve(server, MoodleConfigurationPath, configuration, "/mod/lti/openid-registration.php", registered);
    }

    /// <summary>Canvas: messages_supported as objects with placements, an authorization_server and the account name.</summary>
    public static void ServeCanvas(WireMockServer server)
    {
        var baseUrl = server.Url!;
        var configuration = new JsonObject
        {
            ["issuer"] = baseUrl,
            ["authorization_endpoint"] = baseUrl + "/api/lti/authorize_redirect",
            ["registration_endpoint"] = baseUrl + "/api/lti/registrations",
            ["jwks_uri"] = baseUrl + "/api/lti/security/jwks",
            ["token_endpoint"] = baseUrl + "/login/oauth2/token",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["scopes_supported"] = new JsonArray(
                "openid",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
                "https://canvas.instructure.com/lti/public_jwk/scope/update"),
            ["response_types_supported"] = new JsonArray("id_token"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["claims_supported"] = new JsonArray("sub", "picture", "email", "name", "given_name", "family_name", "locale"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["authorization_server"] = baseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
            ["https://purl.imsglobal.org/spec/lti-platform-configuration"] = new JsonObject
            {
                ["product_family_code"] = "canvas",
                ["version"] = "OpenSource",
                ["messages_supported"] = new JsonArray(
                    new JsonObject { ["type"] = "LtiResourceLinkRequest", ["placements"] = new JsonArray("account_navigation", "assignment_selection", "course_navigation", "link_selection") },
                    new JsonObject { ["type"] = "LtiDeepLinkingRequest", ["placements"] = new JsonArray("assignment_selection", "editor_button", "link_selection", "migration_selection") }),
                ["variables"] = new JsonArray("Canvas.account.id", "Canvas.account.name"),
                ["https://canvas.instructure.com/lti/account_name"] = "Riverside Unified",
            },
            ["https://canvas.instructure.com/lti/account_name"] = "Riverside Unified",
        };
        var registered = new JsonObject
        {
            ["client_id"] = "10000000000042",
            ["application_type"] = "web",
            ["https://purl.imsglobal.org/spec/lti-tool-configuration"] = new JsonObject
            {
                ["domain"] = "localhost",
                ["deployment_id"] = "123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
                ["https://canvas.instructure.com/lti/privacy_level"] = "public",
            },
        };
        Serve(server, CanvasConfigurationPath, configuration, "/api/lti/registrations", registered);
    }

    private static void Serve(WireMockServer server, string configurationPath, JsonObject configuration, string registrationPath, JsonObject registered)
    {
        server.Given(Request.Create().WithPath(configurationPath).UsingGet().WithHeader("Authorization", "Bearer " + Token))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(configuration.ToJsonString()));
        server.Given(Request.Create().WithPath(registrationPath).UsingPost().WithHeader("Authorization", "Bearer " + Token))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(registered.ToJsonString()));
        server.Given(Request.Create().WithPath(registrationPath).UsingPost().WithHeader("Authorization", "Bearer " + Token, WireMock.Matchers.MatchBehaviour.RejectOnMatch))
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("{\"errors\":[{\"message\":\"Invalid registration token\"}]}"));
    }
}
