using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>A stored statement as the in-process feed returns it.</summary>
/// <param name="Sequence">The stored-order position; pass the last one seen as the next watermark.</param>
/// <param name="Tenant">The district the statement belongs to.</param>
/// <param name="StatementId">The statement id, lowercase.</param>
/// <param name="StoredAt">When the LRS stored it.</param>
/// <param name="IsVoided">Whether a later voiding statement voided it (true only when read after that commit).</param>
/// <param name="Statement">The statement as stored, with id, stored, timestamp, authority and version.</param>
public sealed record FeedStatement(long Sequence, string Tenant, string StatementId, DateTimeOffset StoredAt, bool IsVoided, JsonElement Statement);
