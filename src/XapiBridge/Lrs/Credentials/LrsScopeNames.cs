namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>Converts between xAPI scope names and <see cref="LrsScopes"/>.</summary>
public static class LrsScopeNames
{
    private static readonly (string Name, LrsScopes Scope)[] Names =
    [
        ("statements/write", LrsScopes.StatementsWrite),
        ("statements/read", LrsScopes.StatementsRead),
        ("statements/read/mine", LrsScopes.StatementsReadMine),
        ("state", LrsScopes.State),
        ("define", LrsScopes.Define),
        ("profile", LrsScopes.Profile),
        ("all/read", LrsScopes.AllRead),
        ("all", LrsScopes.All),
    ];

    /// <summary>The accepted names, in the order the xAPI specification lists them.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(entry => entry.Name).ToArray();

    /// <summary>
    /// Parses scope names, each entry possibly holding several names separated by spaces or
    /// commas. Returns false and the first unknown name when one is not an xAPI scope.
    /// </summary>
    public static bool TryParse(IEnumerable<string> values, out LrsScopes scopes, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(values);
        scopes = LrsScopes.None;
        unknown = null;
        foreach (var value in values)
        {
            foreach (var name in value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = Array.Find(Names, entry => string.Equals(entry.Name, name, StringComparison.Ordinal));
                if (match.Name is null)
                {
                    unknown = name;
                    return false;
                }

                scopes |= match.Scope;
            }
        }

        return true;
    }

    /// <summary>Formats scopes as space-separated xAPI names.</summary>
    public static string Format(LrsScopes scopes) =>
        string.Join(' ', Names.Where(entry => scopes.HasFlag(entry.Scope)).Select(entry => entry.Name));
}
