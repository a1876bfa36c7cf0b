namespace LtiPd.Gamification.Output;

/// <summary>An award statement ready to send.</summary>
/// <param name="Id">The deterministic statement id.</param>
/// <param name="Kind">One of <see cref="AwardKinds"/>.</param>
/// <param name="UserId">The teacher's user id.</param>
/// <param name="Json">The statement JSON.</param>
public sealed record OutputStatement(Guid Id, string Kind, string UserId, string Json);
