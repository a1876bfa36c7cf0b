using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LtiPd.XapiBridge.Statements;

/// <summary>The measured outcome of a statement.</summary>
public sealed class Result
{
    private const long TicksPerHundredth = TimeSpan.TicksPerMillisecond * 10;
    private const long HundredthsPerMinute = 60 * 100;
    private const long HundredthsPerHour = 60 * HundredthsPerMinute;

    /// <summary>The score.</summary>
    public Score? Score { get; set; }

    /// <summary>Whether the attempt succeeded (passed).</summary>
    public bool? Success { get; set; }

    /// <summary>Whether the Activity was completed.</summary>
    public bool? Completion { get; set; }

    /// <summary>The learner's response, in the format of the interaction type.</summary>
    public string? Response { get; set; }

    /// <summary>
    /// The time spent, as an ISO 8601 duration (<c>PT1H30M</c>). A string because xAPI durations
    /// may use years and months, which <see cref="TimeSpan"/> cannot hold; see <see cref="FormatDuration"/>.
    /// </summary>
    public string? Duration { get; set; }

    /// <summary>Extension values keyed by IRI.</summary>
    public IDictionary<string, JsonElement>? Extensions { get; set; }

    /// <summary>
    /// Formats <paramref name="duration"/> as an ISO 8601 duration in hours, minutes and seconds
    /// with at most two decimals, the precision xAPI recommends (<c>PT1H2M3.45S</c>).
    /// </summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "An xAPI duration cannot be negative.");
        }

        // Round the whole duration before splitting it into parts, so that 59.999 s carries over
        // to PT1M and the seconds part stays below 60.
        var hundredths = (long)Math.Round(duration.Ticks / (decimal)TicksPerHundredth);
        var hours = hundredths / HundredthsPerHour;
        var minutes = hundredths / HundredthsPerMinute % 60;
        var seconds = hundredths % HundredthsPerMinute / 100m;

        var builder = new StringBuilder("PT");
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
        }

        if (minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        }

        if (seconds > 0 || builder.Length == 2)
        {
            builder.Append(seconds.ToString("0.##", CultureInfo.InvariantCulture)).Append('S');
        }

        return builder.ToString();
    }
}
