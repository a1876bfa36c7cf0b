using Microsoft.Extensions.Options;

namespace LtiPd.Gamification;

/// <summary>Rejects engine settings that cannot work, naming the setting and the fix.</summary>
public sealed class GamificationOptionsValidator : IValidateOptions<GamificationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GamificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"Gamification:BatchSize {options.BatchSize} is out of range. Use 1 to 1000 statements.");
        }

        if (options.PollIntervalSeconds is < 1 or > 3600)
        {
            failures.Add($"Gamification:PollIntervalSeconds {options.PollIntervalSeconds} is out of range. Use 1 to 3600 seconds.");
        }

        if (options.WakeLingerMilliseconds is < 0 or > 5000)
        {
            failures.Add($"Gamification:WakeLingerMilliseconds {options.WakeLingerMilliseconds} is out of range. Use 0 to 5000 milliseconds.");
        }

        if (options.ChallengeDecisionIntervalSeconds is < 1 or > 3600)
        {
            failures.Add($"Gamification:ChallengeDecisionIntervalSeconds {options.ChallengeDecisionIntervalSeconds} is out of range. Use 1 to 3600 seconds.");
        }

        if (options.ActivityBaseUri is not { IsAbsoluteUri: true })
        {
            failures.Add($"Gamification:ActivityBaseUri '{options.ActivityBaseUri}' is not an absolute IRI. Set it to an https address ending in a slash.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
