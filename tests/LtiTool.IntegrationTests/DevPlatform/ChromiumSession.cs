using System.Text.Json;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

/// <summary>
/// Debian's Chromium driven by Playwright with a fresh profile in a temporary folder. Playwright
/// never downloads a browser here: it starts the executable at <c>LTIPD_CHROMIUM</c> or
/// <c>/usr/bin/chromium</c>.
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    private const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _userDataDirectory;

    private ChromiumSession(IPlaywright playwright, IBrowserContext context, IPage page, string userDataDirectory)
    {
        _playwright = playwright;
        _context = context;
        Page = page;
        _userDataDirectory = userDataDirectory;
    }

    /// <summary>The browser's one tab.</summary>
    public IPage Page { get; }

    /// <summary>
    /// Starts Chromium. With <paramref name="blockThirdPartyCookies"/> the profile blocks
    /// third-party cookies through the preference <c>profile.cookie_controls_mode</c> = 1, as a
    /// user or a district policy can.
    /// </summary>
    public static async Task<ChromiumSession> StartAsync(bool blockThirdPartyCookies)
    {
        var executable = Environment.GetEnvironmentVariable("LTIPD_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutable;
        Assert.True(File.Exists(executable), $"Chromium was not found at '{executable}'. Install it with 'apt-get install -y chromium', or set LTIPD_CHROMIUM to its path.");

        var userDataDirectory = Directory.CreateTempSubdirectory("ltipd-chromium-").FullName;
        if (blockThirdPartyCookies)
        {
            var profile = Directory.CreateDirectory(Path.Combine(userDataDirectory, "Default")).FullName;
            var preferences = new { profile = new { cookie_controls_mode = 1 } };
            await File.WriteAllTextAsync(Path.Combine(profile, "Preferences"), JsonSerializer.Serialize(preferences));
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDirectory, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ChromiumArgs,
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new ChromiumSession(playwright, context, page, userDataDirectory);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(userDataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Saves a full-page screenshot under the test output folder and writes its path to the test output.</summary>
    public Task SaveScreenshotAsync(string name) => SaveScreenshotAsync(name, "screenshots");

    /// <summary>Saves a full-page screenshot in <paramref name="folderName"/> under the test output folder and writes its path to the test output.</summary>
    public async Task SaveScreenshotAsync(string name, string folderName)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, folderName)).FullName;
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
    }

    /// <summary>
    /// Saves a screenshot of the dev LMS page with the tool frame grown to its content, because
    /// the dev LMS gives the frame a fixed height, then returns the frame to that height.
    /// </summary>
    public async Task SaveToolFrameScreenshotAsync(string name, string folderName)
    {
        var frameSelector = $"iframe[name={ToolFrameName}]";
        var frame = Page.Frame(ToolFrameName) ?? throw new InvalidOperationException("The dev LMS page has no tool frame.");
        var height = await frame.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await Page.EvaluateAsync("([selector, height]) => document.querySelector(selector).style.height = height + 'px'", new object[] { frameSelector, height });
        await SaveScreenshotAsync(name, folderName);
        await Page.EvaluateAsync("selector => document.querySelector(selector).style.height = ''", frameSelector);
    }

    /// <summary>
    /// Opens the dev LMS page of <paramref name="linkId"/> at <paramref name="lmsOrigin"/>, clicks
    /// <paramref name="personId"/> and waits for <paramref name="landingSelector"/> in the tool's
    /// iframe. Returns the frame's URL when the landing never appeared, else null.
    /// </summary>
    /// <remarks>
    /// In full runs Chromium has now and then left the tool frame unresponsive. Mostly it stayed on
    /// the dev LMS's auto-posting auth page without sending the form (a dump of the test process
    /// showed no launch request in flight). Once it stayed on a page of the tool whose content it
    /// never returned. Those two cases get one fresh launch. A frame that returns its content is
    /// never retried, so a page of the tool without the landing, an error page included, fails
    /// the test at once.
    /// </remarks>
    public async Task<string?> LaunchFromDevLmsAsync(Uri lmsOrigin, string linkId, string personId, string landingSelector)
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Page.GotoAsync($"{lmsOrigin}devlms?link={linkId}");
            await Page.ClickAsync($"[data-testid=person-{personId}]");
            try
            {
                await Page.FrameLocator($"iframe[name={ToolFrameName}]").Locator(landingSelector).WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
                return null;
            }
            catch (TimeoutException)
            {
                var frame = Page.Frame(ToolFrameName);
                var url = frame?.Url;
                if (frame is null || attempt == 2 || (!url!.Contains("/devlms/auth?", StringComparison.Ordinal) && await AnswersAsync(frame)))
                {
                    return url ?? "(no frame)";
                }

                TestContext.Current.SendDiagnosticMessage($"Relaunching: the frame stopped responding on {url}");
            }
        }

        return null;
    }

    // ContentAsync has no timeout of its own and waits forever on a frame stuck mid-navigation.
    private static async Task<bool> AnswersAsync(IFrame frame)
    {
        try
        {
            await frame.ContentAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The name of the dev LMS iframe that contains the tool.</summary>
    public const string ToolFrameName = "lti-tool";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(_userDataDirectory, recursive: true);
    }
}
