using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Review;

/// <summary>Checks the fields of the learner's evidence form and the reviewer's decision form.</summary>
internal static class EvidenceInput
{
    /// <summary>The longest link accepted, in characters; the column holds 2,048.</summary>
    public const int MaxLinkLength = 2048;

    /// <summary>Normalises a text field: line endings to <c>\n</c>, surrounding white space removed, empty to null.</summary>
    public static string? CleanText(string? value)
    {
        var text = value?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>
    /// Returns the link as an absolute http or https URL, or a sentence saying why it is not one.
    /// Other schemes (<c>javascript:</c>, <c>data:</c>, <c>file:</c>) and links carrying a user
    /// name or password are not accepted.
    /// </summary>
    public static (string? Link, string? Problem) CheckLink(string? value)
    {
        var raw = value?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return (null, null);
        }

        if (raw.Length > MaxLinkLength)
        {
            return (null, $"The link is {raw.Length} characters long; at most {MaxLinkLength} are accepted. Use a shorter sharing link.");
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return (null, "The link must be a full web address starting with https:// or http://, such as https://docs.example.org/my-plan.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, "The link contains a user name or password. Share a link without sign-in details.");
        }

        return (uri.AbsoluteUri, null);
    }

    /// <summary>
    /// Reads a decision: <c>decision</c> is <c>approve</c> or <c>return</c>, every criterion needs
    /// a level (<c>level-{criterion id}</c>), and returning needs feedback.
    /// </summary>
    public static (EvidenceDecision? Decision, string? Problem) ReadDecision(Rubric rubric, IFormCollection form, int maxFeedbackLength)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(form);
        var approve = form["decision"].ToString() switch
        {
            "approve" => true,
            "return" => (bool?)false,
            _ => null,
        };
        if (approve is null)
        {
            return (null, "Choose Approve or Return for revision.");
        }

        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var score = 0;
        foreach (var criterion in rubric.Criteria)
        {
            var chosen = rubric.Levels.FirstOrDefault(level => level.Id == form[$"level-{criterion.Id}"].ToString());
            if (chosen is null)
            {
                missing.Add(criterion.Title);
                continue;
            }

            levels[criterion.Id] = chosen.Id;
            score += chosen.Score;
        }

        if (missing.Count > 0)
        {
            return (null, $"Choose a level for every criterion. Missing: {string.Join("; ", missing)}.");
        }

        var feedback = CleanText(form["feedback"].ToString()) ?? string.Empty;
        if (feedback.Length > maxFeedbackLength)
        {
            return (null, $"The feedback is {feedback.Length} characters long; at most {maxFeedbackLength} are accepted. Shorten it.");
        }

        if (!approve.Value && feedback.Length == 0)
        {
            return (null, "Write feedback when you return evidence, so the teacher knows what to revise.");
        }

        var maxScore = rubric.Criteria.Count * rubric.Levels[^1].Score;
        return (new EvidenceDecision(approve.Value, levels, score, maxScore, feedback), null);
    }
}
