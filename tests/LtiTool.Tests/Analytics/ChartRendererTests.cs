using System.Text.RegularExpressions;
using LtiPd.LtiTool.Analytics.Charts;

namespace LtiPd.LtiTool.Tests.Analytics;

public sealed partial class ChartRendererTests
{
    [Fact]
    public void Columns_WholeNumbers_TicksAtRoundSteps()
    {
        var svg = ChartRenderer.Columns("Learners", "Learners", [new ChartBar("A", 3, "3"), new ChartBar("B", 7, "7")]);

        var labels = TextElements(svg);
        Assert.Contains("0", labels);
        Assert.Contains("2", labels);
        Assert.Contains("4", labels);
        Assert.Contains("6", labels);
        Assert.Contains("8", labels);
        Assert.DoesNotContain("10", labels);
        Assert.DoesNotContain("1.5", labels);
    }

    [Fact]
    public void Columns_OneLearner_NoFractionalTicks()
    {
        var svg = ChartRenderer.Columns("Learners", "Learners", [new ChartBar("A", 1, "1")]);

        var labels = TextElements(svg);
        Assert.Contains("0", labels);
        Assert.Contains("1", labels);
        Assert.DoesNotContain("0.5", labels);
        Assert.DoesNotContain("0.2", labels);
    }

    [Fact]
    public void Rows_FractionalHours_DecimalTicks()
    {
        var svg = ChartRenderer.Rows("Hours", "Hours", [new ChartBar("School A", 0.25, "0.25 h"), new ChartBar("School B", 0.5, "0.5 h")]);

        var labels = TextElements(svg);
        Assert.Contains("0.2", labels);
        Assert.Contains("0.4", labels);
        Assert.Contains("0.6", labels);
        Assert.DoesNotContain("0.8", labels);
        Assert.Contains("School A", labels);
    }

    private static List<string> TextElements(string svg) =>
        TextElement().Matches(svg).Select(match => match.Groups[1].Value.Trim()).ToList();

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex TextElement();
}
