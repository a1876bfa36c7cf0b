using System.Globalization;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Review;

/// <summary>The review queue's query string, checked against the filter's choices.</summary>
/// <param name="ModuleId">The module filter, or null for every module.</param>
/// <param name="Status">One of <c>waiting</c> (default), <c>returned</c>, <c>approved</c>, <c>all</c>.</param>
/// <param name="MinAgeDays">The minimum days since the latest version, or null for any age.</param>
/// <param name="NewestFirst">Whether <c>order=newest</c> was requested; oldest first otherwise.</param>
/// <param name="LearnerRef">The <c>learner</c> parameter: one teacher's user ref, as Submission Review launches send it.</param>
internal sealed record ReviewQueueQuery(string? ModuleId, string Status, int? MinAgeDays, bool NewestFirst, string? LearnerRef)
{
    /// <summary>The largest <c>age</c> accepted, in days (about ten years).</summary>
    public const int MaxAgeDays = 3650;

    /// <summary>The queue with no filter: waiting evidence of every module, oldest first.</summary>
    public static ReviewQueueQuery Default { get; } = new(null, "waiting", null, NewestFirst: false, null);

    /// <summary>
    /// Reads the review queue's query string. An empty or missing parameter takes its default.
    /// Returns the query, or one message per value that is not one of its filter's choices,
    /// naming the value and the accepted ones.
    /// </summary>
    public static (ReviewQueueQuery? Query, IReadOnlyList<string> Errors) Parse(IQueryCollection query, ModuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(catalog);
        var module = query["module"].ToString();
        var status = query["status"].ToString();
        var age = query["age"].ToString();
        var order = query["order"].ToString();
        var learner = query["learner"].ToString();
        var errors = new List<string>();

        if (module.Length > 0 && catalog.Find(module) is null)
        {
            var modules = string.Join(", ", catalog.Modules.Select(candidate => candidate.Id));
            errors.Add($"Module '{module}' is not in the catalog. Choose one of {modules}, or leave it empty for every module.");
        }

        if (status.Length > 0 && !ReviewQueueView.StatusChoices.Any(choice => choice.Value == status))
        {
            errors.Add($"Status '{status}' is not a review status. Use waiting, returned, approved or all.");
        }

        int? days = null;
        if (age.Length > 0)
        {
            if (int.TryParse(age, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= MaxAgeDays)
            {
                days = parsed;
            }
            else
            {
                errors.Add($"Age '{age}' is not a number of days from 1 to {MaxAgeDays}. Use 3, 7, 14 or 30 as the form offers, or leave it empty for any age.");
            }
        }

        if (order.Length > 0 && order is not ("oldest" or "newest"))
        {
            errors.Add($"Order '{order}' is not a queue order. Use oldest or newest.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var parsedQuery = new ReviewQueueQuery(
            module.Length == 0 ? null : module,
            status.Length == 0 ? "waiting" : status,
            days,
            order == "newest",
            learner.Length == 0 ? null : learner);
        return (parsedQuery, []);
    }

    public IReadOnlyList<EvidenceStatus> Statuses => Status switch
    {
        "returned" => [EvidenceStatus.Returned],
        "approved" => [EvidenceStatus.Approved],
        "all" => Enum.GetValues<EvidenceStatus>(),
        _ => [EvidenceStatus.Submitted, EvidenceStatus.Resubmitted],
    };
}
