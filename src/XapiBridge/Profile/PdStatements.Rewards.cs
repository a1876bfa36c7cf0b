using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Profile;

// Events that others cause or the gamification engine awards: evidence reviews, points, levels
// and badges.
public sealed partial class PdStatements
{
    /// <summary>
    /// A reviewer approved or returned a learner's evidence. The reviewer is the actor; the
    /// learner's submission is <c>context.statement</c> (the id <see cref="SubmittedEvidenceId"/>
    /// returns), and with xAPI 2.0 the learner is also a context agent. The reviewer's comment
    /// goes in <c>result.response</c>.
    /// </summary>
    public Statement ReviewedEvidence(
        string eventId,
        PdPerson reviewer,
        PdPerson learner,
        PdEventContext context,
        PdEvidence evidence,
        string submittedEventId,
        bool approved,
        string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentException.ThrowIfNullOrWhiteSpace(submittedEventId);
        var verb = approved ? new Verb(PdProfile.Verbs.Approved, "approved") : new Verb(PdProfile.Verbs.Returned, "returned for revision");
        var result = new Result { Success = approved, Response = string.IsNullOrWhiteSpace(comment) ? null : comment };
        var statement = Build(approved ? "approved" : "returned", eventId, reviewer, verb, EvidenceActivity(evidence), context, result, ParentOfItem(context));
        statement.Context!.Statement = new StatementRef(SubmittedEvidenceId(context.DistrictId, submittedEventId));
        if (_options.Version == XapiVersion.V2)
        {
            statement.Context.ContextAgents =
            [
                new ContextAgent { Agent = AgentFor(learner), RelevantTypes = [PdProfile.Roles.Learner] },
            ];
        }

        return statement;
    }

    /// <summary>
    /// The learner earned points in the context's course. The object is the learner's points
    /// balance in the course; <c>result.score.raw</c> is this award and an extension the new total.
    /// </summary>
    public Statement EarnedPoints(string eventId, PdPerson learner, PdEventContext context, int points, int totalPoints, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalPoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var balance = Activity($"courses/{Segment(context.CourseId)}/points", PdProfile.ActivityTypes.Points, "Points");
        var result = new Result
        {
            Score = new Score { Raw = points },
            Extensions = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
            {
                [PdProfile.Extensions.TotalPoints] = Integer(totalPoints),
                [PdProfile.Extensions.PointsReason] = Text(reason),
            },
        };
        return Build("earned-points", eventId, learner, new Verb(PdProfile.Verbs.Earned, "earned"), balance, context, result, CourseActivity(context));
    }

    /// <summary>The learner reached a level in the context's course.</summary>
    public Statement ReachedLevel(string eventId, PdPerson learner, PdEventContext context, int level, string levelName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        var activity = Activity($"courses/{Segment(context.CourseId)}/levels/{level}", PdProfile.ActivityTypes.Level, levelName);
        var result = new Result
        {
            Extensions = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
            {
                [PdProfile.Extensions.Level] = Integer(level),
            },
        };
        return Build("reached-level", eventId, learner, new Verb(PdProfile.Verbs.ReachedLevel, "reached level"), activity, context, result, CourseActivity(context));
    }

    /// <summary>The learner earned a badge. Badge ids are global to the installation, not per course.</summary>
    public Statement EarnedBadge(string eventId, PdPerson learner, PdEventContext context, string badgeId, string badgeName, string? description = null)
    {
        var badge = Activity($"badges/{Segment(badgeId)}", PdProfile.ActivityTypes.Badge, badgeName);
        if (description is not null)
        {
            badge.Definition!.Description = English(description);
        }

        return Build("earned-badge", eventId, learner, new Verb(PdProfile.Verbs.Earned, "earned"), badge, context, result: null, CourseActivity(context));
    }
}
