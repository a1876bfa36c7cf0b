using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>Rejects record settings that cannot work, naming the key and the fix.</summary>
internal sealed class RecordsOptionsValidator : IValidateOptions<RecordsOptions>
{
    private static readonly string[] VerificationNames = Enum.GetNames<VerificationNameDisplay>();

    private readonly IConfiguration? _configuration;

    /// <summary>Creates the validator. With <paramref name="configuration"/> it also checks the raw per-district values.</summary>
    public RecordsOptionsValidator(IConfiguration? configuration = null)
    {
        _configuration = configuration;
    }

    public ValidateOptionsResult Validate(string? name, RecordsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SchoolYearStartMonth is < 1 or > 12)
        {
            failures.Add(
                $"Records:SchoolYearStartMonth is {options.SchoolYearStartMonth}. Set the month the school year starts in, 1 (January) to 12 (December).");
        }

        failures.AddRange(ValidateVerificationNames());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> ValidateVerificationNames()
    {
        var accepted = string.Join(", ", VerificationNames[..^1]) + " or " + VerificationNames[^1];

        // The configuration binder skips a dictionary entry whose enum value does not convert and
        // keeps the default, so a value such as "Everything" is only visible in the raw configuration.
        foreach (var district in _configuration?.GetSection(RecordsOptions.SectionName + ":Districts").GetChildren() ?? [])
        {
            var raw = district[nameof(DistrictRecordsOptions.VerificationName)];
            if (!string.IsNullOrEmpty(raw) && !VerificationNames.Contains(raw.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{district.Path}:{nameof(DistrictRecordsOptions.VerificationName)} '{raw}' is invalid. Use {accepted}.";
            }
        }
    }
}
