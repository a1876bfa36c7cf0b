using System.Diagnostics.CodeAnalysis;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>The value of an LRS operation, or the <see cref="LrsError"/> that prevented it.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct LrsResult<T>
{
    private LrsResult(T? value, LrsError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value when the operation succeeded.</summary>
    public T? Value { get; }

    /// <summary>The failure, or null when the operation succeeded.</summary>
    public LrsError? Error { get; }

    /// <summary>Whether the operation succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Wraps a value.</summary>
    public static implicit operator LrsResult<T>(T value) => new(value, null);

    /// <summary>Wraps a failure.</summary>
    public static implicit operator LrsResult<T>(LrsError error) => new(default, error);
}
