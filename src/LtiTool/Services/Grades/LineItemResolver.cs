using System.Text.Json;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Services.Ags;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Finds or creates the gradebook column of a catalog module in a course, and remembers it in
/// <c>ags_line_items</c>. In order: the stored column; the line item of a resource link in the
/// course whose custom parameter <c>ltipd_module</c> names the module (deep links set it); a line
/// item in the course's container with <c>resourceId</c> = module id and <c>tag</c> = ltipd;
/// else a new line item with those values.
/// </summary>
public sealed class LineItemResolver
{
    /// <summary>The custom parameter by which a resource link names its catalog module.</summary>
    public const string ModuleCustomParameter = "ltipd_module";

    private static readonly SqlText SelectStored = SqlText.Portable(
        "SELECT id AS Id, line_item_url AS LineItemUrl, score_maximum AS ScoreMaximum FROM ags_line_items " +
        "WHERE registration_id = @RegistrationId AND context_ref = @ContextRef AND module_id = @ModuleId");

    private static readonly SqlText SelectContext = SqlText.Portable(
        "SELECT ags_line_items_url FROM lti_contexts WHERE registration_id = @RegistrationId AND id = @ContextRef");

    private static readonly SqlText SelectLinks = SqlText.Portable(
        "SELECT resource_link_id AS ResourceLinkId, ags_line_item_url AS LineItemUrl, custom_json AS CustomJson FROM lti_resource_links " +
        "WHERE registration_id = @RegistrationId AND context_ref = @ContextRef ORDER BY created_at_ms");

    private static readonly SqlText InsertStored = SqlText.Portable(
        "INSERT INTO ags_line_items (id, registration_id, context_ref, module_id, line_item_url, label, score_maximum, created_at_ms, updated_at_ms) " +
        "VALUES (@Id, @RegistrationId, @ContextRef, @ModuleId, @LineItemUrl, @Label, @ScoreMaximum, @NowMs, @NowMs)");

    private static readonly SqlText[] DeleteStored =
    [
        SqlText.Portable("DELETE FROM ags_results WHERE registration_id = @RegistrationId AND line_item_ref = @Id"),
        SqlText.Portable("DELETE FROM ags_score_timestamps WHERE registration_id = @RegistrationId AND line_item_ref = @Id"),
        SqlText.Portable("DELETE FROM ags_line_items WHERE registration_id = @RegistrationId AND id = @Id"),
    ];

    private readonly Database _database;
    private readonly AgsClient _ags;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the resolver.</summary>
    public LineItemResolver(Database database, AgsClient ags, TimeProvider timeProvider)
    {
        _database = database;
        _ags = ags;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Returns the module's column in the course, or the failure. <c>Permanent</c> is true when
    /// retrying cannot help: the course granted no line items service and no link carries one.
    /// </summary>
    public async Task<(LineItemTarget? Target, string? Error, ServiceResponse? Failure, bool Permanent)> ResolveAsync(
        PlatformRegistration registration, string contextRef, CatalogModule module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(module);
        var key = new { RegistrationId = registration.Id, ContextRef = contextRef, ModuleId = module.Id };
        string? lineItemsUrl;
        List<LinkRow> links;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            var stored = await connection.QuerySingleOrDefaultAsync<LineItemTarget>(_database.Command(SelectStored, key, cancellationToken));
            if (stored is not null)
            {
                return (stored, null, null, false);
            }

            lineItemsUrl = await connection.ExecuteScalarAsync<string?>(_database.Command(SelectContext, key, cancellationToken));
            links = (await connection.QueryAsync<LinkRow>(_database.Command(SelectLinks, key, cancellationToken))).ToList();
        }

        var moduleLink = links.FirstOrDefault(link => NamesModule(link.CustomJson, module.Id));
        if (moduleLink?.LineItemUrl is { } linkLineItem)
        {
            return (await StoreAsync(key, linkLineItem, module.Title, module.PointsToComplete, cancellationToken), null, null, false);
        }

        if (lineItemsUrl is null)
        {
            return (null, $"course {contextRef} granted no line items service and none of its links to module {module.Id} has a line item", null, true);
        }

        var (items, listFailure) = await _ags.ListLineItemsAsync(registration, lineItemsUrl, null, module.Id, AgsClient.LtiPdTag, cancellationToken);
        if (items is null)
        {
            return (null, listFailure!.Error, listFailure, false);
        }

        // Some platforms ignore the filters, so the values are checked here as well.
        var found = items.FirstOrDefault(item => item.Id is not null && item.ResourceId == module.Id && item.Tag is null or AgsClient.LtiPdTag);
        if (found is not null)
        {
            return (await StoreAsync(key, found.Id!, found.Label, found.ScoreMaximum, cancellationToken), null, null, false);
        }

        var (created, response) = await _ags.CreateLineItemAsync(registration, lineItemsUrl, new LineItem
        {
            Label = module.Title,
            ScoreMaximum = Math.Max(1, module.PointsToComplete),
            ResourceId = module.Id,
            Tag = AgsClient.LtiPdTag,
            ResourceLinkId = moduleLink?.ResourceLinkId,
        }, cancellationToken);
        return created is null
            ? (null, response.Error, response, false)
            : (await StoreAsync(key, created.Id!, created.Label, created.ScoreMaximum > 0 ? created.ScoreMaximum : module.PointsToComplete, cancellationToken), null, null, false);
    }

    /// <summary>Forgets a stored column the platform no longer has (it answered 404), so the next score finds or creates it again.</summary>
    public async Task ForgetAsync(string registrationId, string lineItemRef, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in DeleteStored)
        {
            await connection.ExecuteAsync(_database.Command(statement, new { RegistrationId = registrationId, Id = lineItemRef }, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<LineItemTarget> StoreAsync(object key, string lineItemUrl, string label, double scoreMaximum, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            var parameters = new DynamicParameters(key);
            parameters.AddDynamicParams(new
            {
                Id = id,
                LineItemUrl = lineItemUrl,
                Label = label.Length <= 450 ? label : label[..450],
                ScoreMaximum = scoreMaximum,
                NowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            await connection.ExecuteAsync(_database.Command(InsertStored, parameters, cancellationToken));
            return new LineItemTarget(id, lineItemUrl, scoreMaximum);
        }
        catch (System.Data.Common.DbException)
        {
            // Another node stored the column first; use theirs.
            return await connection.QuerySingleAsync<LineItemTarget>(_database.Command(SelectStored, key, cancellationToken));
        }
    }

    private static bool NamesModule(string? customJson, string moduleId)
    {
        if (string.IsNullOrEmpty(customJson))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(customJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(ModuleCustomParameter, out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() == moduleId;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record LinkRow(string ResourceLinkId, string? LineItemUrl, string? CustomJson);
}
