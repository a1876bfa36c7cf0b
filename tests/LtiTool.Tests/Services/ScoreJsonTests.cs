using System.Text.Json;
using LtiPd.LtiTool.Services;
using LtiPd.LtiTool.Services.Ags;

namespace LtiPd.LtiTool.Tests.Services;

public sealed class ScoreJsonTests
{
    private static readonly AgsScore Score = new()
    {
        UserId = "canvas-user-7",
        ScoreGiven = 45,
        ScoreMaximum = 65,
        ActivityProgress = "InProgress",
        GradingProgress = "FullyGraded",
        Timestamp = new DateTimeOffset(2026, 12, 4, 20, 15, 0, TimeSpan.Zero).AddMilliseconds(7),
        CanvasNewSubmission = false,
    };

    [Fact]
    public void ScoreJson_Canvas_HasSubmissionExtensionAndMilliseconds()
    {
        using var json = JsonDocument.Parse(AgsClient.ScoreJson(Score, PlatformKind.Canvas));
        var root = json.RootElement;

        Assert.Equal("2026-12-04T20:15:00.007Z", root.GetProperty("timestamp").GetString());
        Assert.Equal(45, root.GetProperty("scoreGiven").GetDouble());
        Assert.Equal(65, root.GetProperty("scoreMaximum").GetDouble());
        Assert.False(root.GetProperty("https://canvas.instructure.com/lti/submission").GetProperty("new_submission").GetBoolean());
        Assert.False(root.TryGetProperty("comment", out _));
    }

    [Fact]
    public void ScoreJson_Moodle_HasNoCanvasExtension()
    {
        using var json = JsonDocument.Parse(AgsClient.ScoreJson(Score, PlatformKind.Moodle));

        Assert.False(json.RootElement.TryGetProperty("https://canvas.instructure.com/lti/submission", out _));
        Assert.Equal("canvas-user-7", json.RootElement.GetProperty("userId").GetString());
    }

    [Fact]
    public void ScoreJson_NoScoreGiven_LeavesBothOut()
    {
        using var json = JsonDocument.Parse(AgsClient.ScoreJson(Score with { ScoreGiven = null, ScoreMaximum = null }, PlatformKind.Other));

        Assert.False(json.RootElement.TryGetProperty("scoreGiven", out _));
        Assert.False(json.RootElement.TryGetProperty("scoreMaximum", out _));
    }

    [Theory]
    [InlineData("https://canvas.instructure.com", PlatformKind.Canvas)]
    [InlineData("https://canvas.beta.instructure.com", PlatformKind.Canvas)]
    [InlineData("https://schoology.schoology.com", PlatformKind.Schoology)]
    [InlineData("https://moodle.example.org", PlatformKind.Other)]
    public void FromIssuer_KnownIssuers_Recognised(string issuer, PlatformKind expected)
    {
        Assert.Equal(expected, PlatformKinds.FromIssuer(issuer));
    }
}
