using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.DeepLinking;

/// <summary>
/// Where a launch lands: a link placed by deep linking carries custom <c>ltipd_module</c>, and a
/// submission review names the learner whose evidence to review.
/// </summary>
public sealed class PlacedModuleLaunchTests
{
    private const string Learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    [Fact]
    public async Task Launch_LearnerOfPlacedModule_LandsOnModule()
    {
        await using var host = await LtiToolHost.StartAsync();
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        var (location, browser) = await LaunchAsync(host, Learner, new JsonObject { ["ltipd_module"] = module.Id });
        using var _ = browser;
        using var page = await browser.GetAsync(location);

        Assert.Equal($"/app/modules/{module.Id}", location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Launch_UnknownPlacedModule_ShowsNotFoundPage()
    {
        await using var host = await LtiToolHost.StartAsync();

        var (location, browser) = await LaunchAsync(host, Learner, new JsonObject { ["ltipd_module"] = "retired-module" });
        using var _ = browser;
        using var page = await browser.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("/app/modules/retired-module", location);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("This module is not in the catalog. It may have been renamed or removed.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_PdLeaderOfPlacedModule_DashboardLinksReview()
    {
        await using var host = await LtiToolHost.StartAsync();
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        var (location, browser) = await LaunchAsync(host, DeepLinkingLaunch.InstructorRole, new JsonObject { ["ltipd_module"] = module.Id });
        using var _ = browser;
        using var page = await browser.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal($"/app?module={module.Id}", location);
        Assert.Contains($"<a href=\"/app/review?module={module.Id}\" data-testid=\"review-module\">", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/app/modules/{module.Id}\" data-testid=\"open-module\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/app/review\" data-testid=\"review-queue\">Review evidence waiting for you</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_PdLeaderWithoutModule_DashboardLinksReviewQueue()
    {
        await using var host = await LtiToolHost.StartAsync();

        var (location, browser) = await LaunchAsync(host, DeepLinkingLaunch.InstructorRole, null);
        using var _ = browser;
        using var page = await browser.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("/app", location);
        Assert.Contains("data-testid=\"review-queue\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"review-module\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_Learner_DashboardHasNoReviewLink()
    {
        await using var host = await LtiToolHost.StartAsync();

        var (location, browser) = await LaunchAsync(host, Learner, null);
        using var _ = browser;
        using var page = await browser.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("/app", location);
        Assert.DoesNotContain("review-queue", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmissionReview_KnownLearner_LandsOnTheirReview()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];
        const string LearnerSubject = "learner-sub-77";
        using (var learner = host.NewBrowser())
        {
            var redirect = await learner.LoginAsync(platform.Login());
            using var launch = await learner.LaunchAsync(redirect, platform.Token(redirect).With("sub", LearnerSubject).Build());
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        using var leader = host.NewBrowser();
        var leaderRedirect = await leader.LoginAsync(platform.Login());
        var token = platform.Token(leaderRedirect)
            .With(LtiClaimNames.MessageType, LtiMessageTypes.SubmissionReviewRequest)
            .With(LtiClaimNames.Roles, new JsonArray(DeepLinkingLaunch.InstructorRole))
            .With(LtiClaimNames.ForUser, new JsonObject { ["user_id"] = LearnerSubject })
            .With(LtiClaimNames.Custom, new JsonObject { ["ltipd_module"] = module.Id })
            .Build();
        using var review = await leader.LaunchAsync(leaderRedirect, token);

        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync(TestContext.Current.CancellationToken);
        var learnerId = await connection.ExecuteScalarAsync<string>(
            "SELECT id FROM lti_users WHERE registration_id = @RegistrationId AND subject = @Subject",
            new { platform.RegistrationId, Subject = LearnerSubject });
        Assert.Equal(HttpStatusCode.SeeOther, review.StatusCode);
        Assert.Equal($"/app/review?learner={learnerId}&module={module.Id}", review.Headers.Location!.OriginalString);
    }

    private static async Task<(string Location, LtiBrowser Browser)> LaunchAsync(LtiToolHost host, string role, JsonObject? custom)
    {
        var platform = await host.RegisterPlatformAsync();
        var browser = host.NewBrowser();
        var redirect = await browser.LoginAsync(platform.Login());
        var token = platform.Token(redirect).With(LtiClaimNames.Roles, new JsonArray(role));
        if (custom is not null)
        {
            token = token.With(LtiClaimNames.Custom, custom);
        }

        using var launch = await browser.LaunchAsync(redirect, token.Build());
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        return (launch.Headers.Location!.OriginalString, browser);
    }
}
