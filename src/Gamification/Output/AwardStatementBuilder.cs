using System.Globalization;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Output;

/// <summary>
/// Builds the xAPI statements that report awards back to the LRS: earned points, a reached level
/// and an earned badge. Ids and timestamps come from the award, never from the clock, so a
/// replay builds byte-identical statements and the LRS treats repeats as the same statement.
/// </summary>
public sealed class AwardStatementBuilder
{
    private readonly Uri _activityBase;

    /// <summary>Creates a builder that names activities under <paramref name="activityBase"/>.</summary>
    public AwardStatementBuilder(Uri activityBase)
    {
        ArgumentNullException.ThrowIfNull(activityBase);
        var text = activityBase.AbsoluteUri;
        _activityBase = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>Builds the statement for points earned under a rule.</summary>
    public OutputStatement Points(AwardContext context, string awardKey, string ruleKey, int points, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Points, awardKey);
        var activity = Activity($"points/{Uri.EscapeDataString(ruleKey)}", XapiTerms.PointsType, reason);
        var result = new JsonObject
        {
            ["score"] = new JsonObject { ["raw"] = points },
            ["extensions"] = new JsonObject { [Extension("award-key")] = awardKey },
        };
        return Build(context, id, AwardKinds.Points, activity, result);
    }

    /// <summary>Builds the statement for a level reached.</summary>
    public OutputStatement Level(AwardContext context, int level, string levelName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var levelText = level.ToString(CultureInfo.InvariantCulture);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Level, context.UserId, levelText);
        var activity = Activity($"levels/{levelText}", XapiTerms.LevelType, levelName);
        return Build(context, id, AwardKinds.Level, activity, result: null);
    }

    /// <summary>Builds the statement for a badge earned.</summary>
    public OutputStatement Badge(AwardContext context, BadgeDefinition badge)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(badge);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Badge, context.UserId, badge.Id);
        var activity = Activity($"badges/{Uri.EscapeDataString(badge.Id)}", XapiTerms.BadgeType, badge.Name);
        activity["definition"]!["description"] = new JsonObject { ["en-US"] = badge.CriteriaNarrative };
        return Build(context, id, AwardKinds.Badge, activity, result: null);
    }

    private JsonObject Activity(string path, string type, string name) => new()
    {
        ["objectType"] = "Activity",
        ["id"] = new Uri(_activityBase, path).AbsoluteUri,
        ["definition"] = new JsonObject
        {
            ["type"] = type,
            ["name"] = new JsonObject { ["en-US"] = name },
        },
    };

    private string Extension(string name) => new Uri(_activityBase, $"extensions/{name}").AbsoluteUri;

    private static OutputStatement Build(AwardContext context, Guid id, string kind, JsonObject activity, JsonObject? result)
    {
        var statementContext = new JsonObject
        {
            ["extensions"] = new JsonObject { [XapiTerms.DistrictExtension] = context.TenantId },
        };
        if (context.SourceStatementId is { } source)
        {
            statementContext["statement"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = source };
        }

        var statement = new JsonObject
        {
            ["id"] = id.ToString("D"),
            ["actor"] = new JsonObject
            {
                ["objectType"] = "Agent",
                ["account"] = new JsonObject { ["homePage"] = context.ActorHomePage, ["name"] = context.ActorName },
            },
            ["verb"] = new JsonObject
            {
                ["id"] = XapiTerms.Earned,
                ["display"] = new JsonObject { ["en-US"] = "earned" },
            },
            ["object"] = activity,
            ["context"] = statementContext,
            ["timestamp"] = context.AwardedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (result is not null)
        {
            statement["result"] = result;
        }

        return new OutputStatement(id, kind, context.UserId, statement.ToJsonString());
    }
}
