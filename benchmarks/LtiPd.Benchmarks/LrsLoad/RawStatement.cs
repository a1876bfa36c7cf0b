namespace LtiPd.Benchmarks.LrsLoad;

/// <summary>One statement ready for the raw insert: its id, stored JSON and (kind, value hash) index rows.</summary>
internal sealed record RawStatement(string Id, string Json, (int Kind, string Hash)[] Index);
