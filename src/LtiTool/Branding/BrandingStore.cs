using System.Collections.Concurrent;
using Dapper;
using LtiPd.LtiTool.Schools;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Branding;

/// <summary>
/// Stores each district's branding, with the uploaded logo in the database (never in a folder the
/// web server serves). Reads are cached per district for a minute because every page reads them.
/// </summary>
public sealed class BrandingStore
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private static readonly SqlText SelectBranding = SqlText.Portable(
        "SELECT district_id AS DistrictId, display_name AS DisplayName, primary_color AS PrimaryColor, header_color AS HeaderColor, " +
        "logo_url AS LogoUrl, logo_media_type AS LogoMediaType, updated_at_ms AS UpdatedAtMs FROM district_branding WHERE district_id = @DistrictId");

    private static readonly SqlText SelectLogo = SqlText.Portable(
        "SELECT logo_media_type AS MediaType, logo_bytes AS Bytes FROM district_branding WHERE district_id = @DistrictId AND logo_bytes IS NOT NULL");

    private static readonly SqlText UpsertWithLogo = UpsertSql.Build(
        "district_branding",
        ["district_id", "display_name", "primary_color", "header_color", "logo_url", "logo_media_type", "logo_bytes", "updated_at_ms"],
        ["district_id"],
        ["display_name", "primary_color", "header_color", "logo_url", "logo_media_type", "logo_bytes", "updated_at_ms"]);

    private static readonly SqlText UpsertKeepLogo = UpsertSql.Build(
        "district_branding",
        ["district_id", "display_name", "primary_color", "header_color", "logo_url", "logo_media_type", "logo_bytes", "updated_at_ms"],
        ["district_id"],
        ["display_name", "primary_color", "header_color", "logo_url", "updated_at_ms"]);

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (DistrictBranding? Branding, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public BrandingStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the district's branding, or null when it has none.</summary>
    public async Task<DistrictBranding?> FindAsync(string districtId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(districtId, out var cached) && cached.Until > now)
        {
            return cached.Branding;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var branding = await connection.QuerySingleOrDefaultAsync<DistrictBranding>(_database.Command(SelectBranding, new { DistrictId = districtId }, cancellationToken));
        _cache[districtId] = (branding, now + CacheLifetime);
        return branding;
    }

    /// <summary>Returns the uploaded logo of the district, or null.</summary>
    public async Task<(string MediaType, byte[] Bytes)?> FindLogoAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var logo = await connection.QuerySingleOrDefaultAsync<LogoRow>(_database.Command(SelectLogo, new { DistrictId = districtId }, cancellationToken));
        return logo is null ? null : (logo.MediaType, logo.Bytes);
    }

    /// <summary>
    /// Saves the district's branding. <paramref name="logo"/> replaces the uploaded logo; when
    /// it is null the stored logo stays unless <paramref name="removeLogo"/> is set or a logo URL is given.
    /// </summary>
    public async Task SaveAsync(DistrictBranding branding, (string MediaType, byte[] Bytes)? logo, bool removeLogo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(branding);
        var replaceLogo = logo is not null || removeLogo || branding.LogoUrl is not null;
        var parameters = new
        {
            branding.DistrictId,
            branding.DisplayName,
            branding.PrimaryColor,
            branding.HeaderColor,
            branding.LogoUrl,
            LogoMediaType = logo?.MediaType,
            LogoBytes = logo?.Bytes,
            UpdatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(_database.Command(replaceLogo ? UpsertWithLogo : UpsertKeepLogo, parameters, cancellationToken));
        }

        _cache.TryRemove(branding.DistrictId, out _);
    }

    private sealed record LogoRow(string MediaType, byte[] Bytes);
}
