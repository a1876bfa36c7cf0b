namespace LtiPd.XapiBridge.Statements;

/// <summary>One option, scale point, matching item or step of an interaction Activity.</summary>
public sealed class InteractionComponent
{
    /// <summary>The id, distinct within its list, as used in response patterns.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The option's text by language.</summary>
    public LanguageMap? Description { get; set; }
}
