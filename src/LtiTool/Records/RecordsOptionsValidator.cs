using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>Rejects record settings that cannot work, naming the key and the fix.</summary>
internal sealed class RecordsOptionsValidator : IValidateOptions<RecordsOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordsOptions options)
    {
        if (options.SchoolYearStartMonth is < 1 or > 12)
        {
            return ValidateOptionsResult.Fail(
                $"Records:SchoolYearStartMonth is {options.SchoolYearStartMonth}. Set the month the school year starts in, 1 (January) to 12 (December).");
        }

        return ValidateOptionsResult.Success;
    }
}
