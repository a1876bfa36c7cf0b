using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// What a statement is about: an <see cref="Activity"/>, <see cref="Agent"/>, <see cref="Group"/>,
/// <see cref="StatementRef"/> or <see cref="SubStatement"/>, written as the statement's
/// <c>object</c>. The name is TinCan.NET's.
/// </summary>
public abstract class StatementTarget
{
    /// <summary>The xAPI <c>objectType</c> of this object, written first in JSON.</summary>
    [JsonPropertyOrder(-10)]
    public abstract string ObjectType { get; }
}
