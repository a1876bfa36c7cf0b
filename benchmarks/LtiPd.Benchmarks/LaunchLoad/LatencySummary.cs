using System.Diagnostics;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>Percentiles of one kind of duration over every timed flow, in milliseconds.</summary>
internal sealed record LatencySummary(double Mean, double P50, double P95, double P99, double Max)
{
    /// <summary>Summarizes <paramref name="ticks"/> (Stopwatch ticks) with nearest-rank percentiles.</summary>
    public static LatencySummary From(IEnumerable<long> ticks)
    {
        var sorted = ticks.Select(ToMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        return new LatencySummary(sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
