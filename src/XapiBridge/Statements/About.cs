using System.Text.Json;

namespace LtiPd.XapiBridge.Statements;

/// <summary>What an LRS returns from <c>GET about</c>.</summary>
public sealed class About
{
    /// <summary>The xAPI versions the LRS supports, such as <c>1.0.3</c> and <c>2.0.0</c>.</summary>
    public IList<string> Version { get; set; } = [];

    /// <summary>LRS-specific information keyed by IRI.</summary>
    public IDictionary<string, JsonElement>? Extensions { get; set; }
}
