using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>Checks the evidence limits at start-up.</summary>
internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    /// <summary>The largest upload limit accepted: 100 MiB. Larger evidence (long videos) belongs behind a link.</summary>
    public const long MaxAllowedFileBytes = 100 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFileBytes is < 1024 or > MaxAllowedFileBytes)
        {
            failures.Add($"Evidence:MaxFileBytes is {options.MaxFileBytes}; set it between 1024 and {MaxAllowedFileBytes} bytes.");
        }

        if (options.MaxTextLength is < 100 or > 200_000)
        {
            failures.Add($"Evidence:MaxTextLength is {options.MaxTextLength}; set it between 100 and 200000 characters.");
        }

        if (options.MaxFeedbackLength is < 100 or > 50_000)
        {
            failures.Add($"Evidence:MaxFeedbackLength is {options.MaxFeedbackLength}; set it between 100 and 50000 characters.");
        }

        if (options.StatementRetrySeconds is < 1 or > 3600)
        {
            failures.Add($"Evidence:StatementRetrySeconds is {options.StatementRetrySeconds}; set it between 1 and 3600 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
