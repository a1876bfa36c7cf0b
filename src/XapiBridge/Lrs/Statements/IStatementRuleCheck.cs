using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Checks one statement against the xAPI data rules before the LRS stores it. The LRS depends
/// on this seam only, so the full validator can replace the built-in fallback.
/// </summary>
public interface IStatementRuleCheck
{
    /// <summary>Returns every rule <paramref name="statement"/> breaks; empty when it is valid.</summary>
    /// <param name="statement">The statement as received, before the LRS adds id, stored or authority.</param>
    /// <param name="isVersion2">True when the request declared xAPI 2.0.x, false for 1.0.x.</param>
    IReadOnlyList<StatementRuleViolation> Check(JsonElement statement, bool isVersion2);
}
