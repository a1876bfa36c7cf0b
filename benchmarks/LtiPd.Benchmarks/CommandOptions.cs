using System.CommandLine;

namespace LtiPd.Benchmarks;

/// <summary>Command-line options shared by the load commands.</summary>
internal static class CommandOptions
{
    /// <summary>Creates an integer option that must be 1 or more, with its default shown in the help.</summary>
    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = $"{description} (default: {defaultValue})", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be 1 or more.");
            }
        });
        return option;
    }
}
