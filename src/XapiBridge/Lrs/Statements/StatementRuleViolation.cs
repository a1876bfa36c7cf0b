namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>One broken xAPI data rule.</summary>
/// <param name="JsonPath">Where, from the statement root, such as <c>$.actor.mbox</c>.</param>
/// <param name="Message">The value, what is wrong, and the fix.</param>
public sealed record StatementRuleViolation(string JsonPath, string Message);
