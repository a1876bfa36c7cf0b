namespace LtiPd.Gamification.Output;

/// <summary>Who earned an award, where, when and from which statement.</summary>
/// <param name="TenantId">The district.</param>
/// <param name="UserId">The teacher's user id.</param>
/// <param name="ActorHomePage">The account home page the award statement names as actor.</param>
/// <param name="ActorName">The account name the award statement names as actor.</param>
/// <param name="AwardedAt">The stored time of the earning statement.</param>
/// <param name="SourceStatementId">The earning statement, or null for awards not tied to one.</param>
public sealed record AwardContext(
    string TenantId,
    string UserId,
    string ActorHomePage,
    string ActorName,
    DateTimeOffset AwardedAt,
    string? SourceStatementId);
