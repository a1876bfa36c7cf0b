namespace LtiPd.LtiTool.Analytics.Charts;

/// <summary>One bar of a chart.</summary>
/// <param name="Label">The axis label under or beside the bar; it names the series too, so colour is never the only cue.</param>
/// <param name="Value">The bar's length.</param>
/// <param name="ValueText">The text written at the end of the bar.</param>
/// <param name="Series">Which colour of <see cref="ChartRenderer"/>'s palette the bar takes.</param>
internal sealed record ChartBar(string Label, double Value, string ValueText, int Series = 0);
