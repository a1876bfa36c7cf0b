using System.Text.RegularExpressions;
using LtiPd.LtiTool.IntegrationTests.Support;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>The <c>badge-keys</c> commands on a real SQLite file.</summary>
public sealed partial class BadgeKeyCommandTests
{
    [Fact]
    public async Task BadgeKeys_UnknownDistrict_FailsWithHint()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("badge-keys", "rotate", "--district", "d_nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("District 'd_nowhere' has no platform registration", result.Error, StringComparison.Ordinal);
        Assert.Contains("platform list", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadgeKeys_RotateTwice_NewestSignsOldStaysListed()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var district = await cli.AddDistrictAsync("badge-client", "Badge Unified");

        var empty = await cli.RunAsync("badge-keys", "list", "--district", district);
        var first = await cli.RunAsync("badge-keys", "rotate", "--district", district);
        var second = await cli.RunAsync("badge-keys", "rotate", "--district", district);
        var listed = await cli.RunAsync("badge-keys", "list", "--district", district);

        Assert.True(empty.ExitCode == 0, empty.Output + empty.Error);
        Assert.Contains("has no badge keys yet", empty.Output, StringComparison.Ordinal);
        var firstKey = RotatedPattern().Match(first.Output).Groups["kid"].Value;
        var secondKey = RotatedPattern().Match(second.Output).Groups["kid"].Value;
        Assert.NotEqual("", firstKey);
        Assert.NotEqual(firstKey, secondKey);
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{firstKey}  verifying", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{secondKey}  signing", lines[1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Key (?<kid>[A-Za-z0-9_-]+) now signs", RegexOptions.Multiline)]
    private static partial Regex RotatedPattern();
}
