using System.Net;
using LtiPd.Gamification.Engine;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

public sealed class BrandingTests
{
    // A 1x1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Theory]
    [DatabaseData]
    public async Task Settings_Saved_BrandPagesAndLevels(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Brand District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var fields = new List<(string, string)>
        {
            ("display_name", "<b>Maple</b> District"), ("primary_color", "#1A5F8A"), ("header_color", "#f2e6c9"),
        };
        fields.AddRange(Enumerable.Range(1, 10).Select(level => ($"level_{level}", level == 1 ? "Seedling" : $"Stage {level}")));

        using (var saved = await host.PostMultipartAsync(leader, "/app/settings", fields, "logo", Png, "logo.svg"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        using var dashboard = await host.GetAsync(teacher, "/app");
        var html = await dashboard.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("--ltipd-primary: #1a5f8a;", html, StringComparison.Ordinal);
        Assert.Contains("--ltipd-header: #f2e6c9; --ltipd-header-text: #1b1b1b;", html, StringComparison.Ordinal);
        var page = await PathwaysHost.ReadPageAsync(dashboard);
        var brand = page.QuerySelector("[data-testid=brand]")!;
        Assert.Equal("<b>Maple</b> District", brand.TextContent);
        Assert.Null(brand.QuerySelector("b"));
        var logoUrl = brand.QuerySelector("img")!.GetAttribute("src")!;
        Assert.StartsWith($"/app/branding/{registration.DistrictId}/logo?v=", logoUrl, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' https:", dashboard.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var logo = await host.GetAsync(teacher, logoUrl);
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", logo.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var rules = await host.Services.GetRequiredService<GamificationEngine>().GetRulesAsync(registration.DistrictId, TestContext.Current.CancellationToken);
        Assert.Equal("Seedling", rules.Levels[0].Name);
        Assert.Equal(100, rules.Levels[1].MinimumPoints);
        Assert.Equal("Stage 2", rules.Levels[1].Name);

        var settings = await host.GetPageAsync(leader, "/app/settings");
        Assert.Equal("Header text on #f2e6c9 is shown in near-black, for a contrast of 13.9:1 (WCAG AA needs 4.5:1).", settings.QuerySelector("[data-testid=notice]")!.TextContent);
    }

    [Fact]
    public async Task Settings_InvalidValues_RejectedWithFix()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Bad Brand District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        var fields = new List<(string, string)> { ("primary_color", "#ffcc00"), ("header_color", "blue"), ("logo_url", "http://insecure.example.org/logo.png") };
        fields.AddRange(Enumerable.Range(1, 10).Select(level => ($"level_{level}", level == 3 ? " " : $"L{level}")));

        using var response = await host.PostMultipartAsync(leader, "/app/settings", fields, "logo", svg, "logo.png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await PathwaysHost.ReadPageAsync(response)).QuerySelectorAll("[data-testid=errors] li").Select(item => item.TextContent).ToList();
        Assert.Equal(
        [
            "The link and button colour #ffcc00 has a contrast of 1.5:1 with the white page and with white button text; WCAG AA needs 4.5:1. Use a darker colour, such as #8c7000.",
            "The header colour 'blue' is not a hex colour. Use the form #f2e6c9.",
            "The logo URL 'http://insecure.example.org/logo.png' is not an https URL of at most 1000 characters. Use an address such as https://www.district.example.org/logo.png, or upload the logo.",
            "The logo file is not a PNG, JPEG, GIF or WebP image (SVG is not accepted). Save it as PNG and upload it again.",
            "The name of level 3 is empty, longer than 40 characters or has control characters. Give a short name such as \"Explorer\".",
        ], errors);

        var oversized = new byte[(256 * 1024) + 1];
        Png.CopyTo(oversized, 0);
        using var big = await host.PostMultipartAsync(leader, "/app/settings", Enumerable.Range(1, 10).Select(level => ($"level_{level}", $"L{level}")), "logo", oversized, "logo.png");
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("the limit is 256 KiB", await big.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Branding_OtherDistrict_NotShownOrServed()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var districtA = await host.RegisterAsync("Brand A " + Guid.NewGuid().ToString("N"));
        var districtB = await host.RegisterAsync("Brand B " + Guid.NewGuid().ToString("N"));
        var leaderA = await host.SignInAsync(districtA, "Ann A", PdRole.Instructor);
        var teacherB = await host.SignInAsync(districtB, "Tom B");
        var fields = new List<(string, string)> { ("display_name", "Alpha Schools") };
        fields.AddRange(Enumerable.Range(1, 10).Select(level => ($"level_{level}", $"Alpha {level}")));
        using (var saved = await host.PostMultipartAsync(leaderA, "/app/settings", fields, "logo", Png))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        using (var forged = await host.PostAsync(leaderA, "/app/settings", [("display_name", "Forged")], withToken: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        var pageB = await host.GetPageAsync(teacherB, "/app");
        Assert.Equal("LtiPd professional learning", pageB.QuerySelector("header .brand")!.TextContent);
        using var logo = await host.GetAsync(teacherB, $"/app/branding/{districtA.DistrictId}/logo");
        Assert.Equal(HttpStatusCode.NotFound, logo.StatusCode);
        var rulesB = await host.Services.GetRequiredService<GamificationEngine>().GetRulesAsync(districtB.DistrictId, TestContext.Current.CancellationToken);
        Assert.Equal("Level 1", rulesB.Levels[0].Name);
    }
}
