using System.Globalization;
using LtiPd.XapiBridge.Lrs.Credentials;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>Rejects LRS settings that cannot work, naming the setting and the fix.</summary>
public sealed class LrsOptionsValidator : IValidateOptions<LrsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LrsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        RequirePositive(failures, nameof(options.MaxStatementRequestBytes), options.MaxStatementRequestBytes);
        RequirePositive(failures, nameof(options.MaxStatementsPerBatch), options.MaxStatementsPerBatch);
        RequirePositive(failures, nameof(options.MaxDocumentBytes), options.MaxDocumentBytes);
        RequirePositive(failures, nameof(options.MaxStatementsPerPage), options.MaxStatementsPerPage);

        if (!Uri.TryCreate(options.AuthorityHomePage, UriKind.Absolute, out _))
        {
            failures.Add($"Lrs:AuthorityHomePage '{options.AuthorityHomePage}' is not an absolute URL. Set it to the public address of this tool.");
        }

        if (options.DefaultResponseVersion is not ("1.0.3" or "2.0.0"))
        {
            failures.Add($"Lrs:DefaultResponseVersion '{options.DefaultResponseVersion}' is not supported. Use 2.0.0 or 1.0.3.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < options.Credentials.Count; index++)
        {
            ValidateCredential(failures, index, options.Credentials[index], keys);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCredential(List<string> failures, int index, LrsCredentialOptions entry, HashSet<string> keys)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Lrs:Credentials:{index}");
        if (string.IsNullOrWhiteSpace(entry.Key) || entry.Key.Contains(':', StringComparison.Ordinal) || entry.Key.Length > 100)
        {
            failures.Add($"{prefix}:Key '{entry.Key}' is invalid. Use 1 to 100 characters without a colon.");
        }
        else if (!keys.Add(entry.Key))
        {
            failures.Add($"{prefix}:Key '{entry.Key}' is listed twice. Give each credential its own key.");
        }

        if (entry.Secret.Length < 16)
        {
            failures.Add($"{prefix}:Secret is missing or shorter than 16 characters. Set a random secret of at least 16 characters.");
        }

        if (string.IsNullOrWhiteSpace(entry.Tenant) || entry.Tenant.Length > 100)
        {
            failures.Add($"{prefix}:Tenant is missing. Name the district this credential belongs to (1 to 100 characters).");
        }

        if (!LrsScopeNames.TryParse(entry.Scopes, out var scopes, out var unknown))
        {
            failures.Add($"{prefix}:Scopes contains '{unknown}', which is not an xAPI scope. Use any of: {string.Join(", ", LrsScopeNames.All)}.");
        }
        else if (scopes == LrsScopes.None)
        {
            failures.Add($"{prefix}:Scopes is empty. Grant at least one of: {string.Join(", ", LrsScopeNames.All)}.");
        }
    }

    private static void RequirePositive(List<string> failures, string name, long value)
    {
        if (value < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Lrs:{name} is {value}. Set a positive value."));
        }
    }
}
