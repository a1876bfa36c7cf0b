using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Hosting;

/// <summary>
/// Validates the options registered with <c>ValidateOnStart</c> before an admin command or the
/// server runs, so an invalid setting ends the process with its message instead of a stack trace.
/// </summary>
internal static partial class StartupConfigurationCheck
{
    private const string BinderFailurePrefix = "Failed to convert configuration value";

    /// <summary>
    /// Runs the start-up validation of <paramref name="services"/>. Returns false after writing one
    /// line per invalid setting to <paramref name="error"/>. Exceptions that do not come from
    /// configuration are rethrown.
    /// </summary>
    public static bool TryValidate(IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);

        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception exception) when (Describe(exception) is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                error.WriteLine(message);
            }

            return false;
        }
    }

    /// <summary>
    /// Returns the configuration messages inside <paramref name="exception"/>, or an empty list
    /// when any part of it is not a configuration failure.
    /// </summary>
    internal static IReadOnlyList<string> Describe(Exception exception)
    {
        var parts = exception is AggregateException aggregate ? aggregate.InnerExceptions : [exception];
        var messages = new List<string>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case OptionsValidationException validation:
                    messages.AddRange(validation.Failures.Select(failure => "Invalid configuration: " + failure));
                    break;
                case InvalidOperationException binding when binding.Message.StartsWith(BinderFailurePrefix, StringComparison.Ordinal):
                    // The binder message names the value, the key and the target type, so one fix text fits every setting.
                    messages.Add($"Invalid configuration: {binding.Message}{AllowedNames(binding.Message)} Correct the value in appsettings.json or the environment variable, or remove the setting to use its default.");
                    break;
                default:
                    return [];
            }
        }

        // The start-up validator can report one options failure more than once (an invalid
        // Lti:PublicBaseUrl came twice), so each message is written once.
        return messages.Distinct(StringComparer.Ordinal).ToList();
    }

    // The binder names the target type but not the names an enum accepts, which are the fix.
    private static string AllowedNames(string binderMessage)
    {
        var match = TargetTypePattern().Match(binderMessage);
        var type = match.Success
            ? AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(match.Groups[1].Value)).FirstOrDefault(found => found is not null)
            : null;
        return type is { IsEnum: true } ? $" Use one of: {string.Join(", ", Enum.GetNames(type))}." : string.Empty;
    }

    [GeneratedRegex(" to type '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex TargetTypePattern();
}
