using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
    private readonly string _awardKeyExtension;
    private readonly ConcurrentDictionary<string, string> _pointsActivityIds = new(StringComparer.Ordinal);

    /// <summary>Creates a builder that names activities under <paramref name="activityBase"/>.</summary>
    public AwardStatementBuilder(Uri activityBase)
    {
        ArgumentNullException.ThrowIfNull(activityBase);
        var text = activityBase.AbsoluteUri;
        _activityBase = new Uri(text.EndsWith('/') ? text : text + "/");
        _awardKeyExtension = ActivityId("extensions/award-key");
    }

    /// <summary>Builds the statement for points earned under a rule.</summary>
    public OutputStatement Points(AwardContext context, string awardKey, string ruleKey, int points, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Points, awardKey);
        var activityId = _pointsActivityIds.GetOrAdd(ruleKey, key => ActivityId($"points/{Uri.EscapeDataString(key)}"));
        return Build(context, id, AwardKinds.Points, new ActivityText(activityId, XapiTerms.PointsType, reason, null), new ResultText(points, _awardKeyExtension, awardKey));
    }

    /// <summary>Builds the statement for a level reached.</summary>
    public OutputStatement Level(AwardContext context, int level, string levelName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var levelText = level.ToString(CultureInfo.InvariantCulture);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Level, context.UserId, levelText);
        return Build(context, id, AwardKinds.Level, new ActivityText(ActivityId($"levels/{levelText}"), XapiTerms.LevelType, levelName, null), result: null);
    }

    /// <summary>Builds the statement for a badge earned.</summary>
    public OutputStatement Badge(AwardContext context, BadgeDefinition badge)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(badge);
        var id = GamificationKeys.OutputStatementId(context.TenantId, AwardKinds.Badge, context.UserId, badge.Id);
        var activity = new ActivityText(ActivityId($"badges/{Uri.EscapeDataString(badge.Id)}"), XapiTerms.BadgeType, badge.Name, badge.CriteriaNarrative);
        return Build(context, id, AwardKinds.Badge, activity, result: null);
    }

    private string ActivityId(string path) => new Uri(_activityBase, path).AbsoluteUri;

    // The statement is written straight to UTF-8, one award per call on the engine's hot path.
    // The property order and the default encoder are those of the JsonObject tree this replaced,
    // so statements already in an outbox and their rebuilt copies stay byte-identical.
    private static OutputStatement Build(AwardContext context, Guid id, string kind, ActivityText activity, ResultText? result)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id.ToString("D"));
            json.WriteStartObject("actor");
            json.WriteString("objectType", "Agent");
            json.WriteStartObject("account");
            json.WriteString("homePage", context.ActorHomePage);
            json.WriteString("name", context.ActorName);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("verb");
            json.WriteString("id", XapiTerms.Earned);
            WriteLanguageMap(json, "display", "earned");
            json.WriteEndObject();
            WriteActivity(json, activity);
            WriteContext(json, context);
            json.WriteString("timestamp", context.AwardedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (result is { } scored)
            {
                json.WriteStartObject("result");
                json.WriteStartObject("score");
                json.WriteNumber("raw", scored.Raw);
                json.WriteEndObject();
                json.WriteStartObject("extensions");
                json.WriteString(scored.ExtensionId, scored.ExtensionValue);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return new OutputStatement(id, kind, context.UserId, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteActivity(Utf8JsonWriter json, ActivityText activity)
    {
        json.WriteStartObject("object");
        json.WriteString("objectType", "Activity");
        json.WriteString("id", activity.Id);
        json.WriteStartObject("definition");
        json.WriteString("type", activity.Type);
        WriteLanguageMap(json, "name", activity.Name);
        if (activity.Description is not null)
        {
            WriteLanguageMap(json, "description", activity.Description);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter json, AwardContext context)
    {
        json.WriteStartObject("context");
        json.WriteStartObject("extensions");
        json.WriteString(XapiTerms.DistrictExtension, context.TenantId);
        json.WriteEndObject();
        if (context.SourceStatementId is { } source)
        {
            json.WriteStartObject("statement");
            json.WriteString("objectType", "StatementRef");
            json.WriteString("id", source);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteLanguageMap(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("en-US", text);
        json.WriteEndObject();
    }

    private readonly record struct ActivityText(string Id, string Type, string Name, string? Description);

    private readonly record struct ResultText(int Raw, string ExtensionId, string ExtensionValue);
}
