namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Text in several languages, keyed by RFC 5646 language tag (<c>en-US</c>). In JSON it is always
/// an object, never an array.
/// </summary>
public sealed class LanguageMap : Dictionary<string, string>
{
    /// <summary>Creates an empty map with ordinal keys.</summary>
    public LanguageMap()
        : base(StringComparer.Ordinal)
    {
    }
}
