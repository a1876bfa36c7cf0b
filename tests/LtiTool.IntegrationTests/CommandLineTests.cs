using System.Text.RegularExpressions;
using LtiPd.LtiTool.IntegrationTests.Support;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>The <c>platform</c> and <c>keys</c> admin commands on a real SQLite file.</summary>
public sealed partial class CommandLineTests
{
    private static readonly string[] ValidAdd =
    [
        "platform", "add",
        "--issuer", "https://lms.district.example.org",
        "--client-id", "Xk3pQ9vT2mLr7Aa",
        "--deployment-id", "7",
        "--auth-url", "https://lms.district.example.org/mod/lti/auth.php",
        "--token-url", "https://lms.district.example.org/mod/lti/token.php",
        "--jwks-url", "https://lms.district.example.org/mod/lti/certs.php",
        "--district", "Example Unified",
    ];

    [Theory]
    [InlineData("bogus", true)]
    [InlineData("platfrom", true)]
    [InlineData("--urls", false)]
    [InlineData("urls=http://127.0.0.1:5000", false)]
    public void IsCommand_FirstWord_DecidesCommandOrServer(string first, bool command)
    {
        Assert.Equal(command, LtiPd.LtiTool.Cli.ToolCommandLine.IsCommand([first]));
    }

    [Fact]
    public async Task UnknownCommand_Fails()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("platfrom", "list");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("platfrom", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformAdd_Valid_RegistersAndLists()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var added = await cli.RunAsync(ValidAdd);
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal("", added.Error);
        var match = Assert.Single(RegisteredPattern().Matches(added.Output));
        var id = match.Groups["id"].Value;
        var district = match.Groups["district"].Value;
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(
            $"""
            {id}  https://lms.district.example.org  client Xk3pQ9vT2mLr7Aa  district {district}  (cli)
                auth  https://lms.district.example.org/mod/lti/auth.php
                token https://lms.district.example.org/mod/lti/token.php
                jwks  https://lms.district.example.org/mod/lti/certs.php
                deployment 7  Active

            """,
            listed.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PlatformAdd_SchoolParameters_StoredAndListed()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var added = await cli.RunAsync([.. ValidAdd, "--school-parameter", "school_id", "--school-name-parameter", "school_name"]);
        var updated = await cli.RunAsync(ValidAdd);
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(0, updated.ExitCode);
        Assert.Contains("    school from launch parameter school_id, name from school_name\n", listed.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--school-parameter", "$Canvas.account.id", "--school-parameter '$Canvas.account.id' is a substitution variable, not a parameter name.")]
    [InlineData("--school-parameter", "school id", "--school-parameter 'school id' is not a custom parameter name.")]
    [InlineData("--school-parameter", "", "--school-parameter '' is not a custom parameter name.")]
    [InlineData("--school-name-parameter", "school_name", "--school-name-parameter needs --school-parameter")]
    public async Task PlatformAdd_BadSchoolParameter_RejectedNamingOption(string option, string value, string expectedStart)
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync([.. ValidAdd, option, value]);
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expectedStart, result.Error, StringComparison.Ordinal);
        Assert.Equal("No platforms registered. Add one with 'platform add'.\n", listed.Output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--auth-url", "lms.district.example.org/auth", "is not an absolute http(s) URL")]
    [InlineData("--token-url", "ftp://lms.district.example.org/token", "is not an absolute http(s) URL")]
    [InlineData("--jwks-url", "http://lms.district.example.org/certs.php", "must use https outside Development")]
    public async Task PlatformAdd_BadUrl_RejectedNamingOption(string option, string value, string problem)
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var args = ValidAdd.ToArray();
        args[Array.IndexOf(args, option) + 1] = value;

        var result = await cli.RunAsync(args);
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith($"{option} '{value}' {problem}", result.Error, StringComparison.Ordinal);
        Assert.Equal("No platforms registered. Add one with 'platform add'.\n", listed.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PlatformAdd_HttpInDevelopment_Accepted()
    {
        await using var cli = await CommandLineRunner.CreateAsync(requireHttps: false);
        var args = ValidAdd.Select(arg => arg.Replace("https://", "http://", StringComparison.Ordinal)).ToArray();

        var result = await cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task PlatformAdd_IssuerMissing_ParseErrorNamesOption()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var args = ValidAdd.Where((_, index) => index is not (2 or 3)).ToArray();

        var result = await cli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--issuer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformRemove_Existing_RemovesIt()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var id = RegisteredPattern().Match((await cli.RunAsync(ValidAdd)).Output).Groups["id"].Value;

        var removed = await cli.RunAsync("platform", "remove", id);
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(0, removed.ExitCode);
        Assert.Equal($"Removed registration {id} and 0 evidence files.\n", removed.Output.ReplaceLineEndings("\n"));
        Assert.StartsWith("No platforms registered.", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformRemove_UnknownId_ExitOneWithHint()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("platform", "remove", "no-such-id");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("No registration has id 'no-such-id'. Run 'platform list' to see the ids.\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PlatformApproveDeployment_New_ListedActive()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var id = RegisteredPattern().Match((await cli.RunAsync(ValidAdd)).Output).Groups["id"].Value;

        var approved = await cli.RunAsync("platform", "approve-deployment", id, "12");
        var listed = await cli.RunAsync("platform", "list");

        Assert.Equal(0, approved.ExitCode);
        Assert.Equal($"Deployment 12 of {id} is active.\n", approved.Output.ReplaceLineEndings("\n"));
        Assert.Contains("    deployment 12  Active\n", listed.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("    deployment 7  Active\n", listed.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformApproveDeployment_UnknownRegistration_ExitOne()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("platform", "approve-deployment", "no-such-id", "12");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("No registration has id 'no-such-id'.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysList_FirstRun_CreatesOneCurrentKey()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("keys", "list");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^[A-Za-z0-9_-]{43}  Current   created \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$", line);
    }

    [Fact]
    public async Task KeysRotate_ThreeSteps_PublishWaitActivate()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var firstKid = (await cli.RunAsync("keys", "list")).Output.Split("  ")[0];

        var published = await cli.RunAsync("keys", "rotate");
        var nextKid = Regex.Match(published.Output, "^Published next key (?<kid>[A-Za-z0-9_-]{43})\\.").Groups["kid"].Value;
        var waiting = await cli.RunAsync("keys", "rotate");
        var activated = await cli.RunAsync("keys", "rotate", "--now");
        var listed = await cli.RunAsync("keys", "list");

        Assert.Equal(0, published.ExitCode);
        Assert.NotEqual("", nextKid);
        Assert.Contains("Run 'keys rotate' again after", published.Output, StringComparison.Ordinal);
        Assert.Equal(0, waiting.ExitCode);
        Assert.StartsWith($"Next key {nextKid} is published but not yet old enough.", waiting.Output, StringComparison.Ordinal);
        Assert.Equal(0, activated.ExitCode);
        Assert.StartsWith($"Key {nextKid} now signs the tool's messages; the previous key stays published for 2 days.", activated.Output, StringComparison.Ordinal);
        Assert.Contains($"{firstKid}  Retired ", listed.Output, StringComparison.Ordinal);
        Assert.Contains($"{nextKid}  Current ", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Unknown_ExitOne()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("platform", "rename");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rename", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_AddListRemove_SecretWorksOnce()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var district = RegisteredPattern().Match((await cli.RunAsync(ValidAdd)).Output).Groups["district"].Value;

        var added = await cli.RunAsync("credential", "add", "--key", "analyst-1", "--scope", "statements/read", "--tenant", district);
        var listed = await cli.RunAsync("credential", "list");
        var removed = await cli.RunAsync("credential", "remove", "analyst-1");
        var removedAgain = await cli.RunAsync("credential", "remove", "analyst-1");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains($"Credential analyst-1 for district {district} with scopes statements/read is stored.", added.Output, StringComparison.Ordinal);
        var secret = SecretPattern().Match(added.Output).Groups["secret"].Value;
        Assert.Equal(32, secret.Length);
        Assert.Contains($"analyst-1  district {district}  scopes statements/read", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(1, removedAgain.ExitCode);
        Assert.Contains("No credential has key 'analyst-1'", removedAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_RegisteredDistrict_NoWarning()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var district = RegisteredPattern().Match((await cli.RunAsync(ValidAdd)).Output).Groups["district"].Value;

        var result = await cli.RunAsync("credential", "add", "--key", "analyst-3", "--scope", "statements/read", "--tenant", district);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("d_", district, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_UnknownScope_RejectedNamingScope()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var district = RegisteredPattern().Match((await cli.RunAsync(ValidAdd)).Output).Groups["district"].Value;

        var result = await cli.RunAsync("credential", "add", "--key", "k", "--scope", "bogus", "--tenant", district);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Scope 'bogus' is not an xAPI scope.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_UnknownDistrict_RejectedNamingIt()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        await cli.RunAsync(ValidAdd);

        var result = await cli.RunAsync("credential", "add", "--key", "k", "--scope", "statements/read", "--tenant", "distrcit-typo");
        var listed = await cli.RunAsync("credential", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "No district has id 'distrcit-typo'. Run 'platform list' to see the district id of each registered platform, and pass one of them to --tenant.\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Output);
        Assert.StartsWith("No LRS credentials.", listed.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Secret \(shown once; only its hash is stored\): (?<secret>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"^Registered https://lms\.district\.example\.org \(client Xk3pQ9vT2mLr7Aa\) as (?<id>[0-9a-f]{32}) for district (?<district>d_[0-9a-f]{24})\.$", RegexOptions.Multiline)]
    private static partial Regex RegisteredPattern();
}
