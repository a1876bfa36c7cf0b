using System.Net;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>Level images on the district settings page: upload checks, district scoping and the learner's level bar.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LevelImageTests
{
    // A 1x1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task LevelImage_Uploaded_ShownOnLevelBar(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Level District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var fields = LevelFields(registration.DistrictId);
        fields.Add(("level_image_url_2", "https://images.district.example.org/level-2.png"));

        using (var saved = await host.PostMultipartAsync(leader, "/app/settings", fields, "level_image_1", Png, "seedling.png"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var dashboard = await host.GetPageAsync(teacher, "/app");
        var image = dashboard.QuerySelector("[data-testid=recognition-summary] [data-testid=level-image]")!;
        var source = image.GetAttribute("src")!;
        Assert.StartsWith($"/app/branding/{registration.DistrictId}/levels/1/", source, StringComparison.Ordinal);
        Assert.Equal("Level 1 badge: Seedling", image.GetAttribute("alt"));

        using var served = await host.GetAsync(teacher, source);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync(Token));

        var rules = await host.Services.GetRequiredService<GamificationEngine>().GetRulesAsync(registration.DistrictId, Token);
        Assert.Null(rules.Levels[0].ImageUrl);
        Assert.Equal("https://images.district.example.org/level-2.png", rules.Levels[1].ImageUrl);
        var settings = await host.GetPageAsync(leader, "/app/settings");
        Assert.Equal(source, settings.QuerySelector("[data-testid=settings-level-image-1]")!.GetAttribute("src"));
        Assert.Equal("https://images.district.example.org/level-2.png", settings.QuerySelector("#level_image_url_2")!.GetAttribute("value"));
        Assert.Equal(registration.DistrictId, settings.QuerySelector("input[name=district_id]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task LevelImage_RemovedOrReplacedByUrl_IsDeleted()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Level Remove " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var store = host.Services.GetRequiredService<LevelImageStore>();
        using (var first = await host.PostMultipartAsync(leader, "/app/settings", LevelFields(registration.DistrictId), "level_image_1", Png, "a.png"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        var uploaded = Assert.Single(await store.ListAsync(registration.DistrictId, Token));
        var replacing = LevelFields(registration.DistrictId);
        replacing.Add(("level_image_url_1", "https://images.district.example.org/one.png"));
        using (var replaced = await host.PostMultipartAsync(leader, "/app/settings", replacing))
        {
            Assert.Equal(HttpStatusCode.SeeOther, replaced.StatusCode);
        }

        Assert.Empty(await store.ListAsync(registration.DistrictId, Token));
        Assert.Null(await store.FindAsync(registration.DistrictId, 1, uploaded.ImageId, Token));
        using (var again = await host.PostMultipartAsync(leader, "/app/settings", LevelFields(registration.DistrictId), "level_image_1", Png, "b.png"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        }

        var second = Assert.Single(await store.ListAsync(registration.DistrictId, Token));
        Assert.NotEqual(uploaded.ImageId, second.ImageId);
        var rules = await host.Services.GetRequiredService<GamificationEngine>().GetRulesAsync(registration.DistrictId, Token);
        Assert.Null(rules.Levels[0].ImageUrl);
        var removing = LevelFields(registration.DistrictId);
        removing.Add(("remove_level_image_1", "on"));
        using (var removed = await host.PostMultipartAsync(leader, "/app/settings", removing))
        {
            Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        }

        Assert.Empty(await store.ListAsync(registration.DistrictId, Token));
    }

    [Fact]
    public async Task LevelImage_InvalidUploads_RejectedWithFix()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Level Bad " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        var oversized = new byte[LogoImage.MaxBytes + 1];
        Png.CopyTo(oversized, 0);
        var withUrl = LevelFields(registration.DistrictId);
        withUrl.Add(("level_image_url_4", "https://images.district.example.org/four.png"));
        var insecure = LevelFields(registration.DistrictId);
        insecure.Add(("level_image_url_5", "http://images.district.example.org/five.png"));
        var removeWithUrl = LevelFields(registration.DistrictId);
        removeWithUrl.Add(("level_image_url_6", "https://images.district.example.org/six.png"));
        removeWithUrl.Add(("remove_level_image_6", "on"));
        var removeWithFile = LevelFields(registration.DistrictId);
        removeWithFile.Add(("remove_level_image_7", "on"));

        var cases = new (List<(string, string)> Fields, string Field, byte[]? File, string FileName, string Expected)[]
        {
            (LevelFields(registration.DistrictId), "level_image_2", svg, "level<2>.png",
                "The image file 'level<2>.png' for level 2 is not a PNG, JPEG, GIF or WebP image (SVG is not accepted). Save it as PNG and upload it again."),
            (LevelFields(registration.DistrictId), "level_image_3", oversized, "big.png",
                "The image file 'big.png' for level 3 is 262,145 bytes; the limit is 256 KiB (262,144 bytes). Save a smaller image."),
            (LevelFields(registration.DistrictId), "level_image_3", [], "empty.png",
                "The image file 'empty.png' for level 3 is empty (0 bytes). Choose the image file again, or choose no file to keep the current image."),
            (withUrl, "level_image_4", Png, "four.png",
                "Level 4 has both an image file and an image URL. Clear the URL to use the file, or choose no file to use the URL."),
            (insecure, "level_image_5", null, "none",
                "The image URL 'http://images.district.example.org/five.png' of level 5 is not an https URL of at most 1000 characters. Use an address such as https://www.district.example.org/level-5.png, or upload the image."),
            (removeWithUrl, "level_image_6", null, "none",
                "Level 6 has \"Remove the image of level 6\" checked and also a new image URL. Uncheck the removal to use the new image, or clear the URL to remove the image."),
            (removeWithFile, "level_image_7", Png, "seven.png",
                "Level 7 has \"Remove the image of level 7\" checked and also a new image file. Uncheck the removal to use the new image, or clear the file to remove the image."),
        };

        foreach (var (fields, field, file, fileName, expected) in cases)
        {
            using var response = await host.PostMultipartAsync(leader, "/app/settings", fields, field, file, fileName);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await PathwaysHost.ReadPageAsync(response)).QuerySelectorAll("[data-testid=errors] li").Select(item => item.TextContent).ToList();
            Assert.Equal([expected], errors);
        }

        Assert.Empty(await host.Services.GetRequiredService<LevelImageStore>().ListAsync(registration.DistrictId, Token));
        var rules = await host.Services.GetRequiredService<GamificationEngine>().GetRulesAsync(registration.DistrictId, Token);
        Assert.All(rules.Levels, level => Assert.Null(level.ImageUrl));
    }

    [Fact]
    public async Task LevelImage_LevelRemoved_NotServedThenDeleted()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Level Shrink " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var admin = await host.SignInAsync(registration, "Ada Admin", PdRole.Administrator);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var store = host.Services.GetRequiredService<LevelImageStore>();
        var engine = host.Services.GetRequiredService<GamificationEngine>();
        foreach (var level in new[] { 1, 10 })
        {
            using var saved = await host.PostMultipartAsync(leader, "/app/settings", LevelFields(registration.DistrictId), $"level_image_{level}", Png, $"level-{level}.png");
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var images = await store.ListAsync(registration.DistrictId, Token);
        var first = images.Single(image => image.Level == 1);
        var tenth = images.Single(image => image.Level == 10);
        var rules = await engine.GetRulesAsync(registration.DistrictId, Token);
        var shorter = rules with { Levels = rules.Levels.Take(9).ToList() };

        // Rules changed outside the administration page leave the row, but it is no longer served.
        Assert.True((await engine.ApplyRulesAsync(registration.DistrictId, shorter, "admin-1", Token)).Succeeded);
        using (var removedLevel = await host.GetAsync(teacher, tenth.PathFor(registration.DistrictId)))
        {
            Assert.Equal(HttpStatusCode.NotFound, removedLevel.StatusCode);
        }

        using (var keptLevel = await host.GetAsync(teacher, first.PathFor(registration.DistrictId)))
        {
            Assert.Equal(HttpStatusCode.OK, keptLevel.StatusCode);
        }

        using (var applied = await host.PostAsync(admin, "/app/recognition/admin/rules/apply", [("rules", RuleSetSerializer.Serialize(shorter))]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, applied.StatusCode);
        }

        Assert.Equal([first], await store.ListAsync(registration.DistrictId, Token));
        Assert.Null(await store.FindAsync(registration.DistrictId, 10, tenth.ImageId, Token));
    }

    [Fact]
    public async Task LevelImage_OtherDistrict_RejectedAndNotServed()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var districtA = await host.RegisterAsync("Level A " + Guid.NewGuid().ToString("N"));
        var districtB = await host.RegisterAsync("Level B " + Guid.NewGuid().ToString("N"));
        var leaderA = await host.SignInAsync(districtA, "Ann A", PdRole.Instructor);
        var leaderB = await host.SignInAsync(districtB, "Bo B", PdRole.Instructor);
        var teacherB = await host.SignInAsync(districtB, "Tom B");
        var store = host.Services.GetRequiredService<LevelImageStore>();
        using (var saved = await host.PostMultipartAsync(leaderA, "/app/settings", LevelFields(districtA.DistrictId), "level_image_1", Png, "a.png"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var imageA = Assert.Single(await store.ListAsync(districtA.DistrictId, Token));

        // Leader B posts a form that names district A, as a forged or stale page would.
        using (var forged = await host.PostMultipartAsync(leaderB, "/app/settings", LevelFields(districtA.DistrictId), "level_image_1", Png, "b.png"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            var errors = (await PathwaysHost.ReadPageAsync(forged)).QuerySelectorAll("[data-testid=errors] li").Select(item => item.TextContent).ToList();
            Assert.Equal(
                [$"The form is for district '{districtA.DistrictId}', but you are signed in to district '{districtB.DistrictId}'. Nothing was saved. Reload the settings page and save again."],
                errors);
        }

        using (var noToken = await host.PostAsync(leaderA, "/app/settings", LevelFields(districtA.DistrictId), withToken: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        Assert.Equal(imageA, Assert.Single(await store.ListAsync(districtA.DistrictId, Token)));
        Assert.Empty(await store.ListAsync(districtB.DistrictId, Token));
        var pathA = imageA.PathFor(districtA.DistrictId);
        using var crossDistrict = await host.GetAsync(teacherB, pathA);
        Assert.Equal(HttpStatusCode.NotFound, crossDistrict.StatusCode);
        using var wrongDistrictInPath = await host.GetAsync(teacherB, pathA.Replace(districtA.DistrictId, districtB.DistrictId, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, wrongDistrictInPath.StatusCode);
        var dashboardB = await host.GetPageAsync(teacherB, "/app");
        Assert.Null(dashboardB.QuerySelector("[data-testid=level-image]"));
    }

    [Fact]
    public async Task LevelImage_Chromium_LoadsWithAltText()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Level Browser " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        using (var saved = await host.PostMultipartAsync(leader, "/app/settings", LevelFields(registration.DistrictId), "level_image_1", Png, "seedling.png"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        // The browser reaches the in-memory test server through a route: every request to the
        // made-up origin goes to the host with the teacher's session cookie.
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        await browser.Page.RouteAsync("http://ltipd.test/**", async route =>
        {
            using var response = await host.GetAsync(teacher, new Uri(route.Request.Url).PathAndQuery);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(header => header.Key, header => string.Join(", ", header.Value), StringComparer.OrdinalIgnoreCase);
            await route.FulfillAsync(new RouteFulfillOptions { Status = (int)response.StatusCode, Headers = headers, BodyBytes = await response.Content.ReadAsByteArrayAsync(Token) });
        });
        await browser.Page.GotoAsync("http://ltipd.test/app");
        var image = browser.Page.Locator("[data-testid=recognition-summary] [data-testid=level-image]");
        await image.ScrollIntoViewIfNeededAsync();
        await browser.Page.WaitForFunctionAsync(
            "() => { const img = document.querySelector('[data-testid=recognition-summary] [data-testid=level-image]'); return img && img.complete; }");

        Assert.Equal(1, await image.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal("Level 1 badge: Seedling", await image.GetAttributeAsync("alt"));
        Assert.Equal("Level 1 badge: Seedling", await browser.Page.GetByRole(AriaRole.Img, new() { Name = "Level 1 badge: Seedling" }).GetAttributeAsync("alt"));
    }

    private static List<(string, string)> LevelFields(string districtId)
    {
        var fields = new List<(string, string)> { ("district_id", districtId) };
        fields.AddRange(Enumerable.Range(1, 10).Select(level => ($"level_{level}", level == 1 ? "Seedling" : $"Stage {level}")));
        return fields;
    }
}
