namespace LtiPd.XapiBridge.Statements;

/// <summary>One page of a statement query.</summary>
public sealed class StatementsResult
{
    /// <summary>The statements of this page.</summary>
    public IList<Statement> Statements { get; set; } = [];

    /// <summary>
    /// The relative IRL of the next page, or null (the LRS sends an empty string) when this is
    /// the last page. Pass it to <c>RemoteLrs.MoreStatementsAsync</c>.
    /// </summary>
    public string? More { get; set; }
}
