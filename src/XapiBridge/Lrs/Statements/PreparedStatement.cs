using System.Text.Json.Nodes;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// A checked statement ready to store: id, authority and version are set; the repository adds
/// <c>stored</c> (and a missing <c>timestamp</c>) inside the write transaction.
/// </summary>
/// <param name="Id">The statement id, lowercase.</param>
/// <param name="Statement">The statement to store.</param>
internal sealed record PreparedStatement(string Id, JsonObject Statement);
