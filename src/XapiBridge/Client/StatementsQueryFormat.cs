namespace LtiPd.XapiBridge.Client;

/// <summary>How much of each Agent, Activity and Verb a statement query returns.</summary>
public enum StatementsQueryFormat
{
    /// <summary>Exactly as stored. The LRS default.</summary>
    Exact,

    /// <summary>Only identifiers of Agents, Activities and Verbs.</summary>
    Ids,

    /// <summary>Language maps reduced to the Accept-Language choice.</summary>
    Canonical,
}
