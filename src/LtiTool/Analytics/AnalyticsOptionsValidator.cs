using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Checks each <see cref="AnalyticsOptions"/> value against its documented range at start-up.</summary>
internal sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.ProjectionBatchSize), options.ProjectionBatchSize, 100, 50_000);
        Check(failures, nameof(options.ProjectionIntervalSeconds), options.ProjectionIntervalSeconds, 1, 3600);
        Check(failures, nameof(options.RequestCatchUpLimit), options.RequestCatchUpLimit, 0, 1_000_000);
        Check(failures, nameof(options.ParallelChartQueries), options.ParallelChartQueries, 1, 16);
        Check(failures, nameof(options.MaxRangeDays), options.MaxRangeDays, 7, 3660);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string property, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{AnalyticsOptions.SectionName}:{property} is {value}; set it between {minimum} and {maximum}.");
        }
    }
}
