using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// A checked statement ready to store: id, authority and version are set; the repository adds
/// <c>stored</c> (and a missing <c>timestamp</c>) inside the write transaction.
/// </summary>
/// <param name="Id">The statement id, lowercase.</param>
/// <param name="Statement">The statement to store.</param>
/// <param name="KeyHashes">The distinct (kind, SHA-256 of the value) filter keys of the statement as stored.</param>
/// <param name="RefTarget">The lowercase id of the statement a StatementRef object targets, or null.</param>
/// <param name="IsVoiding">Whether the statement uses the voided verb.</param>
internal sealed record PreparedStatement(
    string Id, JsonObject Statement, HashSet<(int Kind, string ValueHash)> KeyHashes, string? RefTarget, bool IsVoiding);
