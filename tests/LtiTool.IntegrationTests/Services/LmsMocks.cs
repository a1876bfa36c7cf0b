using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Services;

/// <summary>The LMS responses the service tests share, in the shapes Canvas, Moodle and Schoology send.</summary>
internal static class LmsMocks
{
    public const string TokenPath = "/login/oauth2/token";

    /// <summary>The token endpoint: an RFC 6749 token response, as Canvas sends it (scope echoed, expires_in 3600).</summary>
    public static void GivenToken(WireMockServer lms, string token = "access-token-1") =>
        lms.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":3600,"scope":"https://purl.imsglobal.org/spec/lti-ags/scope/score"}"""));

    /// <summary>A JSON response with <paramref name="mediaType"/>.</summary>
    public static IResponseBuilder Json(int status, string mediaType, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", mediaType).WithBody(body);

    /// <summary>A Canvas error body: <c>{"errors":[{"message":...}]}</c>.</summary>
    public static IResponseBuilder CanvasError(int status, string message) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"errors":[{"message":"{{message}}"}]}""");

    /// <summary>Bodies of the requests made to <paramref name="path"/> (path without query), in order.</summary>
    public static IReadOnlyList<string> BodiesTo(WireMockServer lms, string path, string method = "POST") =>
        lms.LogEntries
            .Where(entry => entry.RequestMessage.Path == path && entry.RequestMessage.Method == method)
            .OrderBy(entry => entry.RequestMessage.DateTime)
            .Select(entry => entry.RequestMessage.Body ?? string.Empty)
            .ToList();

    /// <summary>The requests made to <paramref name="path"/>, in order.</summary>
    public static IReadOnlyList<WireMock.IRequestMessage> RequestsTo(WireMockServer lms, string path) =>
        lms.LogEntries
            .Where(entry => entry.RequestMessage.Path == path)
            .OrderBy(entry => entry.RequestMessage.DateTime)
            .Select(entry => entry.RequestMessage)
            .ToList();
}
