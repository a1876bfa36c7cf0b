using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using LtiPd.LtiTool.Schools;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Branding;

/// <summary>
/// Stores the level images PD leaders upload, per district and level number, in the database
/// (never in a folder the web server serves). Every query is keyed by the district. The list of a
/// district's images is cached for a minute because every dashboard shows it. A save clears the
/// cache on this node, so other nodes show a change within that minute.
/// </summary>
public sealed class LevelImageStore
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private static readonly SqlText SelectImages = SqlText.Portable(
        "SELECT level_number AS Level, image_id AS ImageId, media_type AS MediaType FROM district_level_images " +
        "WHERE district_id = @DistrictId ORDER BY level_number");

    private static readonly SqlText SelectBytes = SqlText.Portable(
        "SELECT media_type AS MediaType, image_bytes AS Bytes FROM district_level_images " +
        "WHERE district_id = @DistrictId AND level_number = @Level AND image_id = @ImageId");

    private static readonly SqlText UpsertImage = UpsertSql.Build(
        "district_level_images",
        ["district_id", "level_number", "image_id", "media_type", "image_bytes", "updated_at_ms"],
        ["district_id", "level_number"],
        ["image_id", "media_type", "image_bytes", "updated_at_ms"]);

    private static readonly SqlText DeleteImage = SqlText.Portable(
        "DELETE FROM district_level_images WHERE district_id = @DistrictId AND level_number = @Level");

    private static readonly SqlText DeleteImagesAbove = SqlText.Portable(
        "DELETE FROM district_level_images WHERE district_id = @DistrictId AND level_number > @LevelCount");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (IReadOnlyList<LevelImage> Images, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public LevelImageStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the district's uploaded level images, by level number.</summary>
    public async Task<IReadOnlyList<LevelImage>> ListAsync(string districtId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(districtId, out var cached) && cached.Until > now)
        {
            return cached.Images;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var images = (await connection.QueryAsync<LevelImageRow>(_database.Command(SelectImages, new { DistrictId = districtId }, cancellationToken)))
            .Select(row => new LevelImage((int)row.Level, row.ImageId, row.MediaType))
            .ToList();
        _cache[districtId] = (images, now + CacheLifetime);
        return images;
    }

    /// <summary>Returns the bytes of one of the district's level images, or null when the district has no such image.</summary>
    public async Task<(string MediaType, byte[] Bytes)?> FindAsync(string districtId, int level, string imageId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BytesRow>(
            _database.Command(SelectBytes, new { DistrictId = districtId, Level = level, ImageId = imageId }, cancellationToken));
        return row is null ? null : (row.MediaType, row.Bytes);
    }

    /// <summary>
    /// Applies the form's level image changes for the district in one transaction: uploads
    /// replace the stored image under a new random id, and a URL or a removal deletes it.
    /// </summary>
    internal async Task ApplyAsync(string districtId, IReadOnlyList<LevelImageChange> changes, CancellationToken cancellationToken)
    {
        if (!changes.Any(change => change.ReplacesStored))
        {
            return;
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var change in changes.Where(change => change.ReplacesStored))
            {
                await WriteAsync(connection, transaction, districtId, change, nowMs, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        _cache.TryRemove(districtId, out _);
    }

    /// <summary>
    /// Deletes the district's images of levels above <paramref name="levelCount"/>, after a rule
    /// change removed those levels, so a level added again later does not show the old image.
    /// </summary>
    internal async Task DeleteAboveAsync(string districtId, int levelCount, CancellationToken cancellationToken)
    {
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(_database.Command(DeleteImagesAbove, new { DistrictId = districtId, LevelCount = levelCount }, cancellationToken));
        }

        _cache.TryRemove(districtId, out _);
    }

    private Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string districtId, LevelImageChange change, long nowMs, CancellationToken cancellationToken)
    {
        if (change.Upload is not { } upload)
        {
            return connection.ExecuteAsync(_database.Command(DeleteImage, new { DistrictId = districtId, change.Level }, cancellationToken, transaction));
        }

        var parameters = new
        {
            DistrictId = districtId,
            LevelNumber = change.Level,
            ImageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            upload.MediaType,
            ImageBytes = upload.Bytes,
            UpdatedAtMs = nowMs,
        };
        return connection.ExecuteAsync(_database.Command(UpsertImage, parameters, cancellationToken, transaction));
    }

    // Settable properties let Dapper convert each provider's integer type.
    private sealed class LevelImageRow
    {
        public long Level { get; init; }

        public string ImageId { get; init; } = "";

        public string MediaType { get; init; } = "";
    }

    private sealed record BytesRow(string MediaType, byte[] Bytes);
}
