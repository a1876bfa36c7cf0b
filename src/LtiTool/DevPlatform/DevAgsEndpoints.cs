using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's Assignment and Grade Services 2.0: the line items container, line items,
/// scores and results of the sample course. Every call needs an access token with the scope the
/// AGS 2.0 specification names for it.
/// </summary>
internal static partial class DevAgsEndpoints
{
    private static readonly string[] ActivityProgressValues = ["Initialized", "Started", "InProgress", "Submitted", "Completed"];
    private static readonly string[] GradingProgressValues = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(RouteGroupBuilder group)
    {
        var lineItems = group.MapGroup("/courses/{contextId}/line_items").DisableAntiforgery();
        lineItems.MapGet("", ListLineItemsAsync);
        lineItems.MapPost("", CreateLineItemAsync);
        lineItems.MapGet("/{lineItemId}", GetLineItemAsync);
        lineItems.MapPut("/{lineItemId}", UpdateLineItemAsync);
        lineItems.MapDelete("/{lineItemId}", DeleteLineItemAsync);
        lineItems.MapPost("/{lineItemId}/scores", PostScoreAsync);
        lineItems.MapGet("/{lineItemId}/results", ListResultsAsync);
    }

    private static async Task<IResult> ListLineItemsAsync(
        string contextId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.LineItem, DevScopes.LineItemReadOnly) is { } denied)
        {
            return denied;
        }

        var query = httpContext.Request.Query;
        var items = await services.Gradebook.ListLineItemsAsync(
            contextId, NullIfEmpty(query["resource_link_id"]), NullIfEmpty(query["resource_id"]), NullIfEmpty(query["tag"]), cancellationToken);
        var page = DevPaging.Apply(httpContext, services.Site.LineItemsUrl(contextId), items);
        return Results.Json(page.Select(item => ToJson(item, services.Site)), JsonOptions, DevMediaTypes.LineItemContainer);
    }

    private static async Task<IResult> CreateLineItemAsync(
        string contextId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.LineItem) is { } denied)
        {
            return denied;
        }

        var (item, problem) = await ReadLineItemAsync(httpContext, contextId, "new", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var created = await services.Gradebook.CreateLineItemAsync(item!, cancellationToken);
        httpContext.Response.Headers.Location = services.Site.LineItemUrl(contextId, created.Id);
        return Results.Json(ToJson(created, services.Site), JsonOptions, DevMediaTypes.LineItem, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetLineItemAsync(
        string contextId, string lineItemId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.LineItem, DevScopes.LineItemReadOnly) is { } denied)
        {
            return denied;
        }

        var item = await services.Gradebook.FindLineItemAsync(contextId, lineItemId, cancellationToken);
        return item is null
            ? LineItemNotFound(lineItemId)
            : Results.Json(ToJson(item, services.Site), JsonOptions, DevMediaTypes.LineItem);
    }

    private static async Task<IResult> UpdateLineItemAsync(
        string contextId, string lineItemId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.LineItem) is { } denied)
        {
            return denied;
        }

        var (item, problem) = await ReadLineItemAsync(httpContext, contextId, lineItemId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await services.Gradebook.UpdateLineItemAsync(item!, cancellationToken)
            ? Results.Json(ToJson(item!, services.Site), JsonOptions, DevMediaTypes.LineItem)
            : LineItemNotFound(lineItemId);
    }

    private static async Task<IResult> DeleteLineItemAsync(
        string contextId, string lineItemId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.LineItem) is { } denied)
        {
            return denied;
        }

        return await services.Gradebook.DeleteLineItemAsync(contextId, lineItemId, cancellationToken)
            ? Results.NoContent()
            : LineItemNotFound(lineItemId);
    }

    private static async Task<IResult> PostScoreAsync(
        string contextId, string lineItemId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.Score) is { } denied)
        {
            return denied;
        }

        if (!HasJsonBody(httpContext, DevMediaTypes.Score))
        {
            return Results.Problem($"Content-Type '{httpContext.Request.ContentType}' is not accepted. Send {DevMediaTypes.Score}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = await ReadJsonAsync(httpContext, cancellationToken);
        if (body is null)
        {
            return Results.Problem("The body is not a JSON object.", statusCode: StatusCodes.Status400BadRequest);
        }

        var (score, problem) = ParseScore(body.RootElement, lineItemId);
        if (problem is not null)
        {
            Log.ScoreRejected(services.Logger, lineItemId, problem);
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await services.Gradebook.RecordScoreAsync(contextId, score!, cancellationToken);
        Log.ScorePosted(services.Logger, lineItemId, score!.UserId, outcome);
        return outcome switch
        {
            DevScoreOutcome.Recorded => Results.Ok(new { resultUrl = services.Site.LineItemUrl(contextId, lineItemId) + "/results?user_id=" + Uri.EscapeDataString(score!.UserId) }),
            DevScoreOutcome.LineItemNotFound => LineItemNotFound(lineItemId),
            // Canvas returns 400 for a score older than the learner's last one, as the dev platform does here.
            DevScoreOutcome.OutOfOrder => Results.Problem(
                $"Provided timestamp of {score!.Timestamp:O} before last updated timestamp for user '{score.UserId}'; the score was not recorded. Send a later timestamp.",
                statusCode: StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> ListResultsAsync(
        string contextId, string lineItemId, HttpContext httpContext, DevServiceContext services, CancellationToken cancellationToken)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.ResultReadOnly) is { } denied)
        {
            return denied;
        }

        var item = await services.Gradebook.FindLineItemAsync(contextId, lineItemId, cancellationToken);
        if (item is null)
        {
            return LineItemNotFound(lineItemId);
        }

        var lineItemUrl = services.Site.LineItemUrl(contextId, lineItemId);
        var scores = await services.Gradebook.ListLatestScoresAsync(contextId, lineItemId, NullIfEmpty(httpContext.Request.Query["user_id"]), cancellationToken);
        var page = DevPaging.Apply(httpContext, lineItemUrl + "/results", scores);
        return Results.Json(page.Select(score => ToResultJson(score, item, lineItemUrl)), JsonOptions, DevMediaTypes.ResultContainer);
    }

    private static (DevScore? Score, string? Problem) ParseScore(JsonElement body, string lineItemId)
    {
        var userId = ReadString(body, "userId");
        if (SandboxCourse.FindPerson(userId) is null)
        {
            return (null, $"userId '{userId}' is not a member of the course. Use the user id (sub) from the launch or from NRPS.");
        }

        var activityProgress = ReadString(body, "activityProgress");
        var gradingProgress = ReadString(body, "gradingProgress");
        if (!ActivityProgressValues.Contains(activityProgress) || !GradingProgressValues.Contains(gradingProgress))
        {
            return (null, $"activityProgress '{activityProgress}' or gradingProgress '{gradingProgress}' is invalid. " +
                $"Use one of {string.Join(", ", ActivityProgressValues)} and one of {string.Join(", ", GradingProgressValues)}.");
        }

        // AGS 2.0 requires timestamp, in ISO 8601 with sub-second precision allowed.
        var timestampText = ReadString(body, "timestamp");
        if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var timestamp))
        {
            return (null, $"timestamp '{timestampText}' is missing or not ISO 8601, such as 2026-12-04T20:15:00.123Z.");
        }

        var scoreGiven = ReadNumber(body, "scoreGiven");
        var scoreMaximum = ReadNumber(body, "scoreMaximum");
        if (scoreGiven is not null && (scoreMaximum is not > 0 || scoreGiven < 0))
        {
            return (null, $"scoreGiven {scoreGiven} needs a scoreMaximum greater than 0 (got {scoreMaximum?.ToString(CultureInfo.InvariantCulture) ?? "none"}) and must not be negative.");
        }

        return (new DevScore
        {
            LineItemId = lineItemId,
            UserId = userId!,
            ScoreGiven = scoreGiven,
            ScoreMaximum = scoreMaximum,
            Comment = ReadString(body, "comment"),
            ActivityProgress = activityProgress!,
            GradingProgress = gradingProgress!,
            Timestamp = timestamp,
        }, null);
    }

    private static async Task<(DevLineItem? Item, IResult? Problem)> ReadLineItemAsync(
        HttpContext httpContext, string contextId, string lineItemId, CancellationToken cancellationToken)
    {
        if (!HasJsonBody(httpContext, DevMediaTypes.LineItem))
        {
            return (null, Results.Problem($"Content-Type '{httpContext.Request.ContentType}' is not accepted. Send {DevMediaTypes.LineItem}.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        using var body = await ReadJsonAsync(httpContext, cancellationToken);
        if (body is null)
        {
            return (null, Results.Problem("The body is not a JSON object.", statusCode: StatusCodes.Status400BadRequest));
        }

        var root = body.RootElement;
        var label = ReadString(root, "label");
        var scoreMaximum = ReadNumber(root, "scoreMaximum");
        if (string.IsNullOrWhiteSpace(label) || scoreMaximum is not > 0)
        {
            return (null, Results.Problem(
                $"label '{label}' must not be empty and scoreMaximum {scoreMaximum?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"} must be greater than 0.",
                statusCode: StatusCodes.Status400BadRequest));
        }

        return (new DevLineItem
        {
            Id = lineItemId,
            ContextId = contextId,
            Label = label,
            ScoreMaximum = scoreMaximum.Value,
            ResourceLinkId = ReadString(root, "resourceLinkId"),
            ResourceId = ReadString(root, "resourceId"),
            Tag = ReadString(root, "tag"),
            StartDateTime = ReadString(root, "startDateTime"),
            EndDateTime = ReadString(root, "endDateTime"),
        }, null);
    }

    private static object ToJson(DevLineItem item, DevPlatformSite site) => new
    {
        id = site.LineItemUrl(item.ContextId, item.Id),
        label = item.Label,
        scoreMaximum = item.ScoreMaximum,
        resourceLinkId = item.ResourceLinkId,
        resourceId = item.ResourceId,
        tag = item.Tag,
        startDateTime = item.StartDateTime,
        endDateTime = item.EndDateTime,
    };

    private static object ToResultJson(DevScore score, DevLineItem item, string lineItemUrl) => new
    {
        id = lineItemUrl + "/results/" + Uri.EscapeDataString(score.UserId),
        scoreOf = lineItemUrl,
        userId = score.UserId,

        // AGS 2.0 results are on the line item's scale, so the score is rescaled to it.
        resultScore = score.ScoreGiven is { } given && score.ScoreMaximum is > 0 ? given / score.ScoreMaximum.Value * item.ScoreMaximum : (double?)null,
        resultMaximum = item.ScoreMaximum,
        comment = score.Comment,
    };

    private static IResult LineItemNotFound(string lineItemId) =>
        Results.Problem($"Line item '{lineItemId}' does not exist in this course.", statusCode: StatusCodes.Status404NotFound);

    private static bool HasJsonBody(HttpContext httpContext, string mediaType)
    {
        var contentType = httpContext.Request.ContentType ?? "";
        return contentType.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(httpContext.Request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? ReadNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrEmpty(value) ? null : value.ToString();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1810, EventName = "DevScorePosted", Level = LogLevel.Information,
            Message = "Dev LMS received a score on line item {LineItemId} for user {UserId}: {Outcome}")]
        public static partial void ScorePosted(ILogger logger, string lineItemId, string userId, DevScoreOutcome outcome);

        [LoggerMessage(EventId = 1811, EventName = "DevScoreRejected", Level = LogLevel.Information,
            Message = "Dev LMS rejected a score on line item {LineItemId}: {Problem}")]
        public static partial void ScoreRejected(ILogger logger, string lineItemId, string problem);
    }
}
