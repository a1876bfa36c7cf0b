using System.Globalization;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>
/// Busy and total CPU time of the whole machine from the first line of <c>/proc/stat</c>, to show
/// how much of the cores other processes took during a run. Reads zeros where the file is absent.
/// </summary>
internal readonly record struct MachineCpu(double BusySeconds, double TotalSeconds)
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(field => double.Parse(field, CultureInfo.InvariantCulture))
            .ToArray();

        // user nice system idle iowait irq softirq steal ...; idle and iowait are not busy.
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return new MachineCpu((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    public static MachineCpu operator -(MachineCpu end, MachineCpu start) =>
        new(end.BusySeconds - start.BusySeconds, end.TotalSeconds - start.TotalSeconds);
}
