namespace LtiPd.Gamification;

/// <summary>An expected failure of a gamification command, mapped to problem details by the host.</summary>
/// <param name="Code">A stable code from the Gamification range (3000-3999).</param>
/// <param name="Message">What failed, on which value, and what to do next.</param>
public abstract record GamificationError(int Code, string Message);

/// <summary>The award, participant or challenge named does not exist in the tenant.</summary>
public sealed record NotFoundError(int Code, string Message) : GamificationError(Code, Message);

/// <summary>A value in the request is missing or invalid.</summary>
public sealed record InvalidInputError(int Code, string Message) : GamificationError(Code, Message);

/// <summary>The request conflicts with the current state, for example a second reversal.</summary>
public sealed record ConflictError(int Code, string Message) : GamificationError(Code, Message);
