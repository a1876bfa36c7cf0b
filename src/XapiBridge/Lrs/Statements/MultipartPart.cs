namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>One part of a multipart/mixed body: its headers (names ignore case) and content.</summary>
internal sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, byte[] Content)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
