namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>Sums the learner counts that a rollup's contributions add to or take from each row.</summary>
internal static class RollupCounts
{
    /// <summary>Adds <paramref name="sign"/> to the count of each of <paramref name="keys"/>, once per time a key occurs.</summary>
    public static void Add<TKey>(Dictionary<TKey, long> counts, IEnumerable<TKey> keys, int sign)
        where TKey : notnull
    {
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + sign;
        }
    }
}
