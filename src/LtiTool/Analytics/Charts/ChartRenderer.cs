using System.Globalization;
using ScottPlot;

namespace LtiPd.LtiTool.Analytics.Charts;

/// <summary>
/// Draws dashboard charts as inline SVG with ScottPlot on the server, so the pages run no script.
/// Every bar carries its value as text and an axis label naming its series, because ScottPlot's
/// SVG output (5.1) drops hatch patterns and colour must not be the only cue.
/// </summary>
internal static class ChartRenderer
{
    // Each colour has at least 4.5:1 contrast with white (WCAG 2.2 SC 1.4.11 asks 3:1 for graphics).
    private static readonly Color[] Palette =
    [
        Color.FromHex("#0B4F8A"),
        Color.FromHex("#8A4B00"),
        Color.FromHex("#1D5E20"),
        Color.FromHex("#6B2C91"),
    ];

    private const int Width = 720;
    private const int MaxLabelLength = 48;

    /// <summary>Returns an SVG of vertical bars, one per entry, left to right.</summary>
    public static string Columns(string title, string valueAxis, IReadOnlyList<ChartBar> bars)
    {
        var plot = NewPlot(title);
        AddBars(plot, bars, horizontal: false);
        plot.Axes.Bottom.TickGenerator = Ticks(bars);
        plot.Axes.Bottom.TickLabelStyle.Rotation = bars.Count > 8 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = bars.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.YLabel(valueAxis);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        var (ticks, upper) = ValueTicks(bars, margin: 0.15);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(0, upper);
        return ToSvg(plot, Width, 360);
    }

    /// <summary>Returns an SVG of horizontal bars, one per entry, top to bottom.</summary>
    public static string Rows(string title, string valueAxis, IReadOnlyList<ChartBar> bars)
    {
        var plot = NewPlot(title);
        AddBars(plot, bars, horizontal: true);
        plot.Axes.Left.TickGenerator = Ticks(bars);
        plot.XLabel(valueAxis);
        plot.Axes.Margins(left: 0, right: 0.2);
        var (ticks, upper) = ValueTicks(bars, margin: 0.2);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0, upper);
        plot.Axes.InvertY();
        return ToSvg(plot, Width, Math.Max(200, 90 + (28 * bars.Count)));
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Title.Label.ForeColor = Color.FromHex("#1B1B1B");
        return plot;
    }

    private static void AddBars(Plot plot, IReadOnlyList<ChartBar> bars, bool horizontal)
    {
        var plottable = plot.Add.Bars(bars.Select((bar, index) => new Bar
        {
            Position = index,
            Value = bar.Value,
            FillColor = Palette[bar.Series % Palette.Length],
            LineColor = Color.FromHex("#1B1B1B"),
            Label = bar.ValueText,
            Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
        }).ToArray());
        plottable.Horizontal = horizontal;
        plottable.ValueLabelStyle.ForeColor = Color.FromHex("#1B1B1B");
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(IReadOnlyList<ChartBar> bars) => new(
        bars.Select((_, index) => (double)index).ToArray(),
        bars.Select(bar => Shorten(bar.Label)).ToArray());

    // ScottPlot's automatic ticks (5.1.59) try label densities by measuring candidate labels. An
    // empty 720x360 SVG took 10 to 16 ms CPU with them and 1 ms without (docs/benchmarks.md). The
    // value axis gets about five ticks at a round step (1, 2 or 5 times a power of ten) instead,
    // and whole-number data gets no step under 1. The largest bar ends the fraction margin of the
    // axis length below its end, as ScottPlot's margins would leave it, so value labels fit.
    private static (ScottPlot.TickGenerators.NumericManual Ticks, double Upper) ValueTicks(IReadOnlyList<ChartBar> bars, double margin)
    {
        var max = bars.Count == 0 ? 0 : bars.Max(bar => bar.Value);
        var upper = max > 0 ? max / (1 - margin) : 1;
        var rough = upper / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = power * 10;
        foreach (var multiple in new[] { 5, 2, 1 })
        {
            if (rough <= power * multiple)
            {
                step = power * multiple;
            }
        }

        if (bars.All(bar => bar.Value == Math.Floor(bar.Value)))
        {
            step = Math.Max(step, 1);
        }

        var positions = new List<double>();
        for (var index = 0; index * step <= upper; index++)
        {
            positions.Add(index * step);
        }

        var labels = positions.Select(position => position.ToString("0.##", CultureInfo.InvariantCulture)).ToArray();
        return (new ScottPlot.TickGenerators.NumericManual([.. positions], labels), upper);
    }

    private static string Shorten(string label) =>
        label.Length <= MaxLabelLength ? label : string.Concat(label.AsSpan(0, MaxLabelLength - 1), "…");

    private static string ToSvg(Plot plot, int width, int height)
    {
        var svg = plot.GetSvgXml(width, height);

        // The SVG goes inside an HTML page, where an XML declaration is not allowed; the size
        // attributes give way to a viewBox so the chart shrinks in a narrow LMS frame.
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = svg[start..];
        var sized = $"width=\"{width}\" height=\"{height}\"";
        return svg.Replace(sized, $"viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMinYMin meet\" focusable=\"false\" aria-hidden=\"true\"", StringComparison.Ordinal);
    }
}
