namespace LtiPd.XapiBridge.Forwarding;

/// <summary>Delays between delivery attempts: exponential, capped, with jitter.</summary>
internal static class DeliveryBackoff
{
    /// <summary>
    /// Returns the delay after a batch whose most-tried row had <paramref name="attempts"/>
    /// earlier failures: <c>initial * 2^attempts</c>, capped at <paramref name="max"/>, then
    /// scaled by a random factor in [0.5, 1) so that nodes and districts that failed together do
    /// not retry together.
    /// </summary>
    public static TimeSpan Next(int attempts, TimeSpan initial, TimeSpan max, double random)
    {
        var exponent = Math.Min(attempts, 30);
        var ticks = Math.Min(initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (random / 2))));
    }

    /// <summary>Returns the wait an LRS asked for, capped at <paramref name="max"/>, or null when it asked for none.</summary>
    public static TimeSpan? FromRetryAfter(TimeSpan? retryAfter, TimeSpan max) => retryAfter switch
    {
        null => null,
        { } wait when wait <= TimeSpan.Zero => TimeSpan.Zero,
        { } wait => wait < max ? wait : max,
    };
}
