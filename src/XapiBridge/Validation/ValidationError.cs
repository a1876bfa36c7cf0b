namespace LtiPd.XapiBridge.Validation;

/// <summary>
/// One broken xAPI rule in a statement: where it is, which rule, and a message that quotes the
/// offending value and states what is expected instead.
/// </summary>
/// <param name="JsonPath">
/// The location in JSONPath form from the statement root, such as <c>$.actor.mbox</c> or
/// <c>$.context.contextActivities.parent[0].id</c>.
/// </param>
/// <param name="Rule">A stable rule name from <see cref="ValidationRules"/>.</param>
/// <param name="Message">A sentence for the client: the value, what is wrong, and the fix.</param>
public sealed record ValidationError(string JsonPath, string Rule, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{JsonPath}: {Rule}: {Message}";
}
