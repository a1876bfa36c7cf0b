using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services.Ags;

/// <summary>
/// Calls Assignment and Grade Services 2.0: line items, scores and results. Service URLs are
/// used as the platform gave them; <c>/scores</c> and <c>/results</c> are added to the path of a
/// line item URL and its query is kept (Moodle's carry <c>?type_id=</c>).
/// </summary>
public sealed class AgsClient
{
    /// <summary>The <c>tag</c> of the line items LtiPd creates or expects from its deep links.</summary>
    public const string LtiPdTag = "ltipd";

    /// <summary>The Canvas score extension that controls submission attempts.</summary>
    public const string CanvasSubmissionExtension = "https://canvas.instructure.com/lti/submission";

    private static readonly string[] LineItemReadScopes = [AgsScopes.LineItem];
    private static readonly string[] ScoreScopes = [AgsScopes.Score];
    private static readonly string[] ResultScopes = [AgsScopes.ResultReadOnly];

    private readonly LtiServiceClient _client;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;

    /// <summary>Creates the client.</summary>
    public AgsClient(LtiServiceClient client, IOptionsMonitor<LtiServicesOptions> options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>
    /// Lists the line items of a context container, asking the platform to filter by the given
    /// values (AGS 2.0 section 3.2.5). Platforms that ignore a filter return more, so callers
    /// check the values again.
    /// </summary>
    public async Task<(IReadOnlyList<LineItem>? Items, ServiceResponse? Failure)> ListLineItemsAsync(
        PlatformRegistration registration,
        string lineItemsUrl,
        string? resourceLinkId,
        string? resourceId,
        string? tag,
        CancellationToken cancellationToken)
    {
        var url = ServiceUrls.AddQuery(lineItemsUrl,
        [
            new("resource_link_id", resourceLinkId),
            new("resource_id", resourceId),
            new("tag", tag),
        ]);
        var items = new List<LineItem>();
        var failure = await ServicePaging.ReadAllAsync(
            _client, registration, LineItemReadScopes, url, AgsMediaTypes.LineItemContainer, _options.CurrentValue.MaxPages,
            body =>
            {
                using var document = JsonDocument.Parse(body);
                items.AddRange(document.RootElement.EnumerateArray().Select(ReadLineItem).OfType<LineItem>());
            },
            cancellationToken);
        return failure is null ? (items, null) : (null, failure);
    }

    /// <summary>Creates a line item in a context container and returns it with its URL.</summary>
    public async Task<(LineItem? Item, ServiceResponse Response)> CreateLineItemAsync(
        PlatformRegistration registration, string lineItemsUrl, LineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var body = new JsonObject
        {
            ["label"] = item.Label,
            ["scoreMaximum"] = item.ScoreMaximum,
        };
        AddIfSet(body, "resourceLinkId", item.ResourceLinkId);
        AddIfSet(body, "resourceId", item.ResourceId);
        AddIfSet(body, "tag", item.Tag);

        var response = await _client.SendAsync(
            registration, LineItemReadScopes, HttpMethod.Post, lineItemsUrl, AgsMediaTypes.LineItem, body.ToJsonString(), AgsMediaTypes.LineItem, cancellationToken);
        if (!response.IsSuccess)
        {
            return (null, response);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var created = ReadLineItem(document.RootElement);
            var id = created?.Id ?? response.Location;
            return id is null
                ? (null, response with { Error = "the platform created the line item but returned no id (URL) for it" })
                : ((created ?? item) with { Id = id }, response);
        }
        catch (JsonException exception)
        {
            return (null, response with { Error = $"the created line item is not JSON: {exception.Message}" });
        }
    }

    /// <summary>Posts a score to a line item's <c>/scores</c> endpoint.</summary>
    public Task<ServiceResponse> PostScoreAsync(
        PlatformRegistration registration, string lineItemUrl, AgsScore score, PlatformKind platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        var json = ScoreJson(score, platform);
        return _client.SendAsync(
            registration, ScoreScopes, HttpMethod.Post, ServiceUrls.AppendPath(lineItemUrl, "scores"), "application/json", json, AgsMediaTypes.Score, cancellationToken);
    }

    /// <summary>Reads every learner's result in a line item from its <c>/results</c> endpoint.</summary>
    public async Task<(IReadOnlyList<AgsResult>? Results, ServiceResponse? Failure)> ListResultsAsync(
        PlatformRegistration registration, string lineItemUrl, CancellationToken cancellationToken)
    {
        var results = new List<AgsResult>();
        var failure = await ServicePaging.ReadAllAsync(
            _client, registration, ResultScopes, ServiceUrls.AppendPath(lineItemUrl, "results"), AgsMediaTypes.ResultContainer, _options.CurrentValue.MaxPages,
            body =>
            {
                using var document = JsonDocument.Parse(body);
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    if (Text(element, "userId") is { } userId)
                    {
                        results.Add(new AgsResult(userId, Number(element, "resultScore"), Number(element, "resultMaximum"), Text(element, "comment")));
                    }
                }
            },
            cancellationToken);
        return failure is null ? (results, null) : (null, failure);
    }

    /// <summary>
    /// Builds the score body. The timestamp has milliseconds, because platforms order scores by
    /// it and reject one not newer than the last (Canvas answers 400). scoreMaximum is always sent
    /// with scoreGiven, as AGS 2.0 requires.
    /// </summary>
    internal static string ScoreJson(AgsScore score, PlatformKind platform)
    {
        var body = new JsonObject
        {
            ["userId"] = score.UserId,
            ["activityProgress"] = score.ActivityProgress,
            ["gradingProgress"] = score.GradingProgress,
            ["timestamp"] = score.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (score.ScoreGiven is { } given)
        {
            body["scoreGiven"] = given;
            body["scoreMaximum"] = score.ScoreMaximum ?? throw new ArgumentException("A score with scoreGiven needs scoreMaximum.", nameof(score));
        }

        AddIfSet(body, "comment", score.Comment);
        if (platform == PlatformKind.Canvas && score.CanvasNewSubmission is { } newSubmission)
        {
            body[CanvasSubmissionExtension] = new JsonObject { ["new_submission"] = newSubmission };
        }

        return body.ToJsonString();
    }

    private static LineItem? ReadLineItem(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new LineItem
        {
            Id = Text(element, "id"),
            Label = Text(element, "label") ?? string.Empty,
            ScoreMaximum = Number(element, "scoreMaximum") ?? 0,
            ResourceLinkId = Text(element, "resourceLinkId"),
            ResourceId = Text(element, "resourceId"),
            Tag = Text(element, "tag"),
        };
    }

    private static void AddIfSet(JsonObject body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[name] = value;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Some platforms send numbers as strings; both are read.
    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) switch
        {
            true when value.ValueKind == JsonValueKind.Number => value.GetDouble(),
            true when value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
}
