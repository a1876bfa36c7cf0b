using System.Text.Json.Serialization;

namespace LtiPd.LtiTool.Pages;

/// <summary>Awards a learner has not been shown yet: new points, the resulting total and level, and new badges.</summary>
internal sealed record AwardNotice
{
    /// <summary>The points of the new awards (0 when only a badge is new).</summary>
    [JsonPropertyName("points")]
    public required int Points { get; init; }

    /// <summary>Up to three distinct reasons of the new awards, joined with "; ".</summary>
    [JsonPropertyName("reasons")]
    public required string Reasons { get; init; }

    /// <summary>The new points as the page words them ("10 points").</summary>
    [JsonPropertyName("pointsText")]
    public string PointsText => LearnerText.Points(Points);

    /// <summary>The total as the page words it ("25 points").</summary>
    [JsonPropertyName("totalText")]
    public string TotalText => LearnerText.Points(TotalPoints);

    /// <summary>The learner's total of counted points.</summary>
    [JsonPropertyName("totalPoints")]
    public required int TotalPoints { get; init; }

    /// <summary>The learner's level number (1 is the first).</summary>
    [JsonPropertyName("level")]
    public required int Level { get; init; }

    /// <summary>The level's name, as the district named it.</summary>
    [JsonPropertyName("levelName")]
    public required string LevelName { get; init; }

    /// <summary>" (level N)" when the district renamed the level, so the page still shows the number; empty otherwise.</summary>
    [JsonPropertyName("levelSuffix")]
    public string LevelSuffix => LevelName == $"Level {Level}" ? string.Empty : $" (level {Level})";

    /// <summary>The names of the new badges.</summary>
    [JsonPropertyName("badges")]
    public required IReadOnlyList<string> Badges { get; init; }
}
