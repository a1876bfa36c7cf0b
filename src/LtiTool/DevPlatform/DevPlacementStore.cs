using System.Text.Json;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The links the dev platform adds to its course from a tool's deep linking response, and the
/// lookup of every placement: the sample course's fixed ones first, then the added ones.
/// </summary>
public sealed class DevPlacementStore
{
    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO dev_placements (id, context_id, title, description, tool_path, custom_json, line_item_id, created_at_ms) " +
        "VALUES (@Id, @ContextId, @Title, @Description, @ToolPath, @CustomJson, @LineItemId, @Now)");

    private const string Columns =
        "id AS Id, title AS Title, description AS Description, tool_path AS ToolPath, custom_json AS CustomJson, line_item_id AS LineItemId";

    private static readonly SqlText SelectAll = SqlText.Portable(
        $"SELECT {Columns} FROM dev_placements WHERE context_id = @ContextId ORDER BY created_at_ms, id");

    private static readonly SqlText SelectOne = SqlText.Portable(
        $"SELECT {Columns} FROM dev_placements WHERE context_id = @ContextId AND id = @Id");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public DevPlacementStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Returns a new placement id, distinct from the fixed ones.</summary>
    public static string NewId() => "placed-" + Guid.NewGuid().ToString("N");

    /// <summary>Adds a placement, whose id comes from <see cref="NewId"/>, to the sample course.</summary>
    public async Task AddAsync(DevResourceLink added, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(added);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Insert, new
        {
            added.Id,
            SandboxCourse.ContextId,
            added.Title,
            added.Description,
            added.ToolPath,
            CustomJson = JsonSerializer.Serialize(added.Custom),
            added.LineItemId,
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken));
    }

    /// <summary>Lists every placement of the sample course: the fixed ones, then the added ones in order.</summary>
    public async Task<IReadOnlyList<DevResourceLink>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlacementRow>(_database.Command(SelectAll, new { SandboxCourse.ContextId }, cancellationToken));
        return [.. SandboxCourse.ResourceLinks, .. rows.Select(ToLink)];
    }

    /// <summary>Finds a placement by id, fixed or added, or null.</summary>
    public async Task<DevResourceLink?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (SandboxCourse.FindResourceLink(id) is { } fixedLink)
        {
            return fixedLink;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PlacementRow>(_database.Command(SelectOne, new { SandboxCourse.ContextId, Id = id }, cancellationToken));
        return row is null ? null : ToLink(row);
    }

    private static DevResourceLink ToLink(PlacementRow row) => new(
        row.Id,
        row.Title,
        row.Description ?? "",
        IsDeepLinking: false,
        row.ToolPath,
        row.LineItemId,
        ScoreMaximum: 0,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.CustomJson) ?? []);

    private sealed record PlacementRow(string Id, string Title, string? Description, string ToolPath, string CustomJson, string? LineItemId);
}
