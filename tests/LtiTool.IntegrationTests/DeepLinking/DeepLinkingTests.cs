using System.Net;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.DeepLinking;

/// <summary>
/// Deep Linking 2.0 from the tool's side: the picker, the signed <c>LtiDeepLinkingResponse</c>
/// and how the platform's settings (accept_types, accept_multiple, accept_lineitem, auto_create,
/// data) shape it.
/// </summary>
public sealed class DeepLinkingTests
{
    private const string DeepLinking = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";

    [Fact]
    public async Task Picker_PdLeader_ListsEveryCatalogModule()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());

        var (status, html) = await launch.GetPickerAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var module in host.Services.GetRequiredService<ModuleCatalog>().Modules)
        {
            Assert.Contains($"type=\"checkbox\" name=\"item\" value=\"module:{module.Id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("Your LMS adds them as soon as you select Add.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnusualStringData_EchoedUnchanged()
    {
        // Leading and trailing spaces, escapes, a line break and characters outside ASCII all
        // come back unchanged, because data is opaque to the tool.
        const string Data = "  {\"k\":[1,2]}\n\u00e9\u4e2d <b>&amp; ";
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings(Data));
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        using var response = await launch.SubmitAsync("add", ["module:" + module.Id]);
        var (_, claims, _) = await launch.ReadResponseAsync(response);

        Assert.Equal(Data, claims.GetProperty(DeepLinking + "data").GetString());
    }

    [Theory]
    [InlineData("{\"course\":42}", "an object")]
    [InlineData("[1,2]", "an array")]
    [InlineData("42", "a number")]
    [InlineData("true", "a boolean")]
    public async Task Launch_NonStringData_ClaimInvalid(string dataJson, string described)
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();
        var redirect = await browser.LoginAsync(platform.Login());
        var settings = DeepLinkingLaunch.Settings();
        settings["data"] = JsonNode.Parse(dataJson);
        var token = platform.Token(redirect)
            .With(LtiClaimNames.MessageType, LtiMessageTypes.DeepLinkingRequest)
            .Without(LtiClaimNames.ResourceLink)
            .With(LtiClaimNames.Roles, new JsonArray(DeepLinkingLaunch.InstructorRole))
            .With(LtiClaimNames.DeepLinkingSettings, settings)
            .Build();

        using var launch = await browser.LaunchAsync(redirect, token);
        var body = System.Net.WebUtility.HtmlDecode(await launch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("claim_invalid", string.Join(",", launch.Headers.GetValues("X-LtiPd-Reason")));
        Assert.Contains(
            $"the data member of {LtiClaimNames.DeepLinkingSettings} is {described}; LTI Deep Linking 2.0 defines data as an opaque string",
            body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_TwoModules_ReturnsSignedResponse()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());
        var modules = host.Services.GetRequiredService<ModuleCatalog>().Modules.Take(2).ToList();
        var currentKey = (await host.Services.GetRequiredService<ToolKeyStore>().ListAsync(TestContext.Current.CancellationToken))
            .Single(key => key.Status == ToolKeyStatus.Current);

        using var response = await launch.SubmitAsync("add", modules.Select(module => "module:" + module.Id));
        var (action, claims, kid) = await launch.ReadResponseAsync(response);

        Assert.Equal(DeepLinkingLaunch.ReturnUrl, action);
        Assert.Equal(currentKey.KeyId, kid);
        Assert.Equal("LtiDeepLinkingResponse", claims.GetProperty(Lti + "message_type").GetString());
        Assert.Equal("1.3.0", claims.GetProperty(Lti + "version").GetString());
        Assert.Equal(launch.Platform.DeploymentId, claims.GetProperty(Lti + "deployment_id").GetString());
        Assert.Equal("opaque-data-{\"course\":42}", claims.GetProperty(DeepLinking + "data").GetString());
        Assert.Equal(43, claims.GetProperty("nonce").GetString()!.Length);
        Assert.Equal("Added 2 LtiPd activities.", claims.GetProperty(DeepLinking + "msg").GetString());
        Assert.Equal($"LtiPd placed module:{modules[0].Id}, module:{modules[1].Id}", claims.GetProperty(DeepLinking + "log").GetString());
        Assert.False(claims.TryGetProperty(DeepLinking + "errormsg", out _));

        var items = claims.GetProperty(DeepLinking + "content_items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        for (var index = 0; index < 2; index++)
        {
            var item = items[index];
            var module = modules[index];
            Assert.Equal("ltiResourceLink", item.GetProperty("type").GetString());
            Assert.Equal(module.Title, item.GetProperty("title").GetString());
            Assert.Equal(module.Summary, item.GetProperty("text").GetString());
            Assert.Equal($"https://localhost/app/modules/{module.Id}", item.GetProperty("url").GetString());
            Assert.Equal(module.Id, item.GetProperty("custom").GetProperty("ltipd_module").GetString());
            var lineItem = item.GetProperty("lineItem");
            Assert.Equal(module.Title, lineItem.GetProperty("label").GetString());
            Assert.Equal(module.PointsToComplete, lineItem.GetProperty("scoreMaximum").GetInt32());
            Assert.Equal(module.Id, lineItem.GetProperty("resourceId").GetString());
            Assert.Equal("ltipd", lineItem.GetProperty("tag").GetString());
        }
    }

    [Fact]
    public async Task Submit_SecondResponse_RejectedWithPage()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        using var first = await launch.SubmitAsync("add", ["module:" + module.Id]);
        using var second = await launch.SubmitAsync("add", ["module:" + module.Id]);
        using var cancel = await launch.SubmitAsync("cancel", []);
        var html = await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("LtiPd already sent its answer to this request to your LMS", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"JWT\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(2, host.Logs.Entries.Count(entry => entry.EventId.Id == 1110 && entry.Message.Contains(launch.Platform.RegistrationId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ResponsePage_Csp_AllowsOnlyReturnOriginAndNoncedScript()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        using var response = await launch.SubmitAsync("add", ["module:" + module.Id]);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("form-action https://lms.example.org;", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'nonce-[A-Za-z0-9+/=]{24}';", csp);
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"<script nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Submit_AcceptMultipleFalse_RejectsTwoAcceptsOne()
    {
        await using var host = await LtiToolHost.StartAsync();
        var settings = DeepLinkingLaunch.Settings();
        settings["accept_multiple"] = false;
        using var launch = await DeepLinkingLaunch.StartAsync(host, settings);
        var modules = host.Services.GetRequiredService<ModuleCatalog>().Modules.Take(2).ToList();

        var (_, picker) = await launch.GetPickerAsync();
        using var two = await launch.SubmitAsync("add", modules.Select(module => "module:" + module.Id));
        var twoHtml = await two.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var one = await launch.SubmitAsync("add", ["module:" + modules[1].Id]);
        var (_, claims, _) = await launch.ReadResponseAsync(one);

        Assert.Contains($"type=\"radio\" name=\"item\" value=\"module:{modules[0].Id}\"", picker, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);
        Assert.Contains("This LMS placement accepts one activity at a time. Choose one module.", twoHtml, StringComparison.Ordinal);
        var item = Assert.Single(claims.GetProperty(DeepLinking + "content_items").EnumerateArray());
        Assert.Equal(modules[1].Id, item.GetProperty("custom").GetProperty("ltipd_module").GetString());
        Assert.Equal($"Added \"{modules[1].Title}\" from LtiPd.", claims.GetProperty(DeepLinking + "msg").GetString());
    }

    [Fact]
    public async Task Submit_AcceptLineItemFalseAndNoData_OmitsLineItemAndData()
    {
        await using var host = await LtiToolHost.StartAsync();
        var settings = DeepLinkingLaunch.Settings(data: null);
        settings["accept_lineitem"] = false;
        settings["auto_create"] = false;
        using var launch = await DeepLinkingLaunch.StartAsync(host, settings);
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        var (_, picker) = await launch.GetPickerAsync();
        using var response = await launch.SubmitAsync("add", ["module:" + module.Id]);
        var (_, claims, _) = await launch.ReadResponseAsync(response);

        Assert.Contains("Your LMS may ask you to confirm before it adds them.", picker, StringComparison.Ordinal);
        var item = Assert.Single(claims.GetProperty(DeepLinking + "content_items").EnumerateArray());
        Assert.False(item.TryGetProperty("lineItem", out _));
        Assert.False(claims.TryGetProperty(DeepLinking + "data", out _));
    }

    [Fact]
    public async Task Submit_Cancel_ReturnsNoItems()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());

        using var response = await launch.SubmitAsync("cancel", []);
        var (action, claims, _) = await launch.ReadResponseAsync(response);

        Assert.Equal(DeepLinkingLaunch.ReturnUrl, action);
        Assert.Empty(claims.GetProperty(DeepLinking + "content_items").EnumerateArray());
        Assert.Equal("No LtiPd activities were added.", claims.GetProperty(DeepLinking + "msg").GetString());
        Assert.Equal("opaque-data-{\"course\":42}", claims.GetProperty(DeepLinking + "data").GetString());
    }

    [Fact]
    public async Task Submit_NothingChosen_ShowsPickerAgain()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());

        using var response = await launch.SubmitAsync("add", []);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose at least one module, or select Cancel", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownModule_IsRejected()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());

        using var response = await launch.SubmitAsync("add", ["module:not-in-catalog"]);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("&#x27;module:not-in-catalog&#x27; is not in the catalog any more.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WrongCsrfToken_IsForbidden()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings());
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        using var response = await launch.SubmitAsync("add", ["module:" + module.Id], csrfToken: "forged");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("JWT", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picker_NoResourceLinkType_OffersOnlyCancelWithError()
    {
        await using var host = await LtiToolHost.StartAsync();
        var settings = DeepLinkingLaunch.Settings();
        settings["accept_types"] = new JsonArray("link", "html");
        using var launch = await DeepLinkingLaunch.StartAsync(host, settings);

        var (status, html) = await launch.GetPickerAsync();
        using var response = await launch.SubmitAsync("add", ["module:" + host.Services.GetRequiredService<ModuleCatalog>().Modules[0].Id]);
        var (_, claims, _) = await launch.ReadResponseAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This LMS placement accepts only link, html.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"item\"", html, StringComparison.Ordinal);
        Assert.Empty(claims.GetProperty(DeepLinking + "content_items").EnumerateArray());
        Assert.Equal("LtiPd could not add activities here: this placement does not accept LTI resource links.", claims.GetProperty(DeepLinking + "errormsg").GetString());
        Assert.Equal("LtiPd returns ltiResourceLink items only; accept_types was [link, html].", claims.GetProperty(DeepLinking + "errorlog").GetString());
    }

    [Fact]
    public async Task Picker_Learner_IsForbidden()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var launch = await DeepLinkingLaunch.StartAsync(host, DeepLinkingLaunch.Settings(), role: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner");

        var (status, html) = await launch.GetPickerAsync();
        using var post = await launch.SubmitAsync("cancel", []);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Only PD leaders and administrators can add PD to a course.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}
