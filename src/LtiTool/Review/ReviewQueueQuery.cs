using System.Globalization;

namespace LtiPd.LtiTool.Review;

/// <summary>The review queue's query string, read leniently: an unknown value falls back to the default.</summary>
/// <param name="ModuleId">The module filter, or null for every module.</param>
/// <param name="Status">One of <c>waiting</c> (default), <c>returned</c>, <c>approved</c>, <c>all</c>.</param>
/// <param name="MinAgeDays">The minimum days since the latest version, or null for any age.</param>
/// <param name="NewestFirst">Whether <c>order=newest</c> was asked; oldest first otherwise.</param>
/// <param name="LearnerRef">The <c>learner</c> parameter: one teacher's user ref, as Submission Review launches send it.</param>
internal sealed record ReviewQueueQuery(string? ModuleId, string Status, int? MinAgeDays, bool NewestFirst, string? LearnerRef)
{
    public static ReviewQueueQuery From(IQueryCollection query)
    {
        var module = query["module"].ToString();
        var status = query["status"].ToString();
        var learner = query["learner"].ToString();
        int? age = int.TryParse(query["age"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 3650 ? days : null;
        return new ReviewQueueQuery(
            module.Length == 0 ? null : module,
            ReviewQueueView.StatusChoices.Any(choice => choice.Value == status) ? status : "waiting",
            age,
            query["order"] == "newest",
            learner.Length == 0 ? null : learner);
    }

    public IReadOnlyList<EvidenceStatus> Statuses => Status switch
    {
        "returned" => [EvidenceStatus.Returned],
        "approved" => [EvidenceStatus.Approved],
        "all" => Enum.GetValues<EvidenceStatus>(),
        _ => [EvidenceStatus.Submitted, EvidenceStatus.Resubmitted],
    };
}
