namespace LtiPd.Gamification.Rules;

/// <summary>An award a statement earns under <paramref name="Rule"/>, before caps and limits.</summary>
/// <param name="Rule">The matching rule.</param>
/// <param name="ItemId">The item the award is for (the activity id); once per item per teacher.</param>
/// <param name="Points">The points before the daily cap.</param>
public sealed record AwardCandidate(PointRule Rule, string ItemId, int Points);
