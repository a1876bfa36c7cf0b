using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Checks each <see cref="ComplianceOptions"/> value against its documented range at start-up.</summary>
internal sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.BuildScanIntervalSeconds), options.BuildScanIntervalSeconds, 1, 3600);
        Check(failures, nameof(options.BuildRetrySeconds), options.BuildRetrySeconds, 1, 3600);
        Check(failures, nameof(options.MaxBuildRetrySeconds), options.MaxBuildRetrySeconds, 1, 86_400);
        Check(failures, nameof(options.MarkedRefreshSeconds), options.MarkedRefreshSeconds, 1, 3600);
        Check(failures, nameof(options.MaxEvaluatedPeople), options.MaxEvaluatedPeople, 0, 1_000_000);
        if (options.MaxBuildRetrySeconds < options.BuildRetrySeconds)
        {
            failures.Add($"{ComplianceOptions.SectionName}:{nameof(options.MaxBuildRetrySeconds)} is {options.MaxBuildRetrySeconds}, below " +
                $"{nameof(options.BuildRetrySeconds)} ({options.BuildRetrySeconds}); set it to at least {options.BuildRetrySeconds}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string property, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{ComplianceOptions.SectionName}:{property} is {value}; set it between {minimum} and {maximum}.");
        }
    }
}
