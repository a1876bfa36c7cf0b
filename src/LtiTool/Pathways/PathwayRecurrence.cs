namespace LtiPd.LtiTool.Pathways;

/// <summary>Whether a pathway is done once or again every school year.</summary>
public enum PathwayRecurrence
{
    /// <summary>Done once; a completion never expires.</summary>
    None = 0,

    /// <summary>
    /// Done again every year from <see cref="Pathway.StartsOn"/> (such as 1 August, the start of
    /// the school year). A completion expires when the next year starts, and due dates move by a
    /// year with each cycle.
    /// </summary>
    Annual = 1,
}
