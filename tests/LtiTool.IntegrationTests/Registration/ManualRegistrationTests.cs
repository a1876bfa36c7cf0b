using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.IntegrationTests.Registration;

/// <summary>The Schoology registration form: off without a configured secret, and every post must carry the secret.</summary>
public sealed class ManualRegistrationTests
{
    private const string Secret = "form-secret-0123456789abcdef-0123456789";

    [Fact]
    public async Task Form_NoSecretConfigured_IsNotFound()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var browser = host.NewBrowser();

        using var response = await browser.GetAsync("/lti/register/manual");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Form_WrongSecret_IsForbiddenAndStoresNothing()
    {
        await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?> { ["Registration:AdminSecret"] = Secret });
        using var browser = host.NewBrowser();

        using var response = await browser.PostFormAsync("/lti/register/manual", Values("not-the-secret"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await host.Registry.FindAsync("https://schoology.schoology.com", "7731924001", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Form_RightSecret_RegistersActiveDeployment()
    {
        await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?> { ["Registration:AdminSecret"] = Secret });
        using var browser = host.NewBrowser();

        using var form = await browser.GetAsync("/lti/register/manual");
        var formHtml = await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var response = await browser.PostFormAsync("/lti/register/manual", Values(Secret));

        Assert.Contains("value=\"https://lti-service.svc.schoology.com/lti-service/authorize-redirect\"", formHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var registration = await host.Registry.FindAsync("https://schoology.schoology.com", "7731924001", TestContext.Current.CancellationToken);
        Assert.NotNull(registration);
        Assert.Equal("form", registration.Source);
        Assert.Equal(DeploymentStatus.Active, await host.Registry.GetDeploymentStatusAsync(registration.Id, "7731924001-2210456789", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Form_MissingClientId_ShowsProblem()
    {
        await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?> { ["Registration:AdminSecret"] = Secret });
        using var browser = host.NewBrowser();
        var values = Values(Secret).Where(pair => pair.Key != "client_id").ToList();

        using var response = await browser.PostFormAsync("/lti/register/manual", values);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Client id must have 1 to 255 characters, as Schoology shows it under Options &gt; API Info.", html, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Values(string secret) =>
    [
        new("issuer", "https://schoology.schoology.com"),
        new("client_id", "7731924001"),
        new("deployment_id", "7731924001-2210456789"),
        new("auth_url", "https://lti-service.svc.schoology.com/lti-service/authorize-redirect"),
        new("token_url", "https://lti-service.svc.schoology.com/lti-service/access-token"),
        new("jwks_url", "https://lti-service.svc.schoology.com/lti-service/.well-known/jwks"),
        new("district", "Lakeside Schools"),
        new("admin_secret", secret),
    ];
}
