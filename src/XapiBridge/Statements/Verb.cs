namespace LtiPd.XapiBridge.Statements;

/// <summary>The action of a statement, identified by an IRI.</summary>
public sealed class Verb
{
    /// <summary>Creates a verb with no display text.</summary>
    public Verb()
    {
    }

    /// <summary>Creates a verb with an English (en-US) display text.</summary>
    public Verb(string id, string? displayEnglish = null)
    {
        Id = id;
        if (displayEnglish is not null)
        {
            Display = new LanguageMap { ["en-US"] = displayEnglish };
        }
    }

    /// <summary>The verb IRI, such as <c>http://adlnet.gov/expapi/verbs/completed</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Human-readable names by language. Never used to tell verbs apart.</summary>
    public LanguageMap? Display { get; set; }
}
