namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>The durations of one flow's steps, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
internal readonly record struct FlowTimings(long Login, long Sign, long Launch, long Landing, long Flow);
