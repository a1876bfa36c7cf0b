namespace LtiPd.Gamification;

/// <summary>The result of a gamification command: a value, or the expected error that stopped it.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed record GamificationResult<T>
{
    /// <summary>Creates a success.</summary>
    public GamificationResult(T value)
    {
        Value = value;
    }

    /// <summary>Creates a failure.</summary>
    public GamificationResult(GamificationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The value when the command succeeded.</summary>
    public T? Value { get; }

    /// <summary>The error when the command failed.</summary>
    public GamificationError? Error { get; }

    /// <summary>Whether the command succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Creates a failure from an error record.</summary>
    public static implicit operator GamificationResult<T>(GamificationError error) => new(error);
}
