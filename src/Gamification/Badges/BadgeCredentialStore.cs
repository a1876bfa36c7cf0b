using System.Security.Cryptography;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Storage;

namespace LtiPd.Gamification.Badges;

/// <summary>
/// Records the credentials handed out for earned badges and their revocations. A credential id is
/// random and kept, so every download of one award yields the same credential.
/// </summary>
public sealed class BadgeCredentialStore
{
    private const string Columns =
        "credential_id AS CredentialId, tenant_id AS TenantId, user_id AS UserId, badge_id AS BadgeId, issued_at_ms AS IssuedAtMs, " +
        "revoked_at_ms AS RevokedAtMs, revocation_reason AS RevocationReason, status_index AS StatusIndex";

    private static readonly SqlText InsertSql = SqlBuilder.InsertIfAbsent(
        "gamification_credentials",
        ["credential_id", "tenant_id", "user_id", "badge_id", "issued_at_ms"],
        ["tenant_id", "user_id", "badge_id"]);

    private static readonly SqlText ByAwardSql = SqlText.Portable(
        $"SELECT {Columns} FROM gamification_credentials WHERE tenant_id = @TenantId AND user_id = @UserId AND badge_id = @BadgeId");

    private static readonly SqlText ByIdSql = SqlText.Portable($"SELECT {Columns} FROM gamification_credentials WHERE credential_id = @CredentialId");

    private static readonly SqlText RevokeSql = SqlText.Portable(
        "UPDATE gamification_credentials SET revoked_at_ms = @RevokedAtMs, revoked_by = @RevokedBy, revocation_reason = @Reason " +
        "WHERE tenant_id = @TenantId AND credential_id = @CredentialId AND revoked_at_ms IS NULL");

    private static readonly SqlText RevokedSql = SqlText.Portable(
        $"SELECT {Columns} FROM gamification_credentials WHERE tenant_id = @TenantId AND revoked_at_ms IS NOT NULL ORDER BY revoked_at_ms, credential_id");

    // A position is drawn again when another credential of the district has it. If two servers
    // draw the same free position at once, the unique index on (tenant_id, status_index) fails
    // the second request instead of letting two credentials share the position.
    private static readonly SqlText AssignStatusIndexSql = SqlText.Portable(
        "UPDATE gamification_credentials SET status_index = @StatusIndex WHERE credential_id = @CredentialId AND status_index IS NULL " +
        "AND NOT EXISTS (SELECT 1 FROM gamification_credentials c WHERE c.tenant_id = @TenantId AND c.status_index = @StatusIndex)");

    private static readonly SqlText AnyIssuedSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_credentials WHERE tenant_id = @TenantId AND status_index IS NOT NULL");

    private static readonly SqlText RevokedIndexesSql = SqlText.Portable(
        "SELECT status_index FROM gamification_credentials WHERE tenant_id = @TenantId AND revoked_at_ms IS NOT NULL AND status_index IS NOT NULL");

    /// <summary>
    /// The number of positions in a district's status list: 131,072 bits (16 KiB), the minimum
    /// size W3C Bitstring Status List v1.0 sets so that one position does not single out a holder.
    /// </summary>
    public const int StatusListLength = 131_072;

    private const int MaxStatusIndexDraws = 64;

    private readonly GamificationEngine _engine;
    private readonly BadgeAwardReader _awards;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store over <paramref name="engine"/>'s database.</summary>
    public BadgeCredentialStore(GamificationEngine engine, BadgeAwardReader awards, TimeProvider timeProvider)
    {
        _engine = engine;
        _awards = awards;
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the credential of an earned badge, recording it on first issue; not-found when the badge was not earned.</summary>
    public async Task<GamificationResult<IssuedBadge>> IssueAsync(string tenantId, string userId, string badgeId, CancellationToken cancellationToken)
    {
        var award = await _awards.GetAsync(tenantId, userId, badgeId, cancellationToken);
        if (award.Error is { } error)
        {
            return error;
        }

        var parameters = new
        {
            CredentialId = Guid.NewGuid().ToString("D"), TenantId = tenantId, UserId = userId, BadgeId = badgeId,
            IssuedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var row = await _engine.InTransactionAsync(
            async session =>
            {
                await session.ExecuteAsync(InsertSql, parameters);
                var inserted = (await session.QueryAsync<CredentialRow>(ByAwardSql, parameters)).Single();
                return await WithStatusIndexAsync(session, inserted);
            },
            cancellationToken);
        return new GamificationResult<IssuedBadge>(row.ToIssued(award.Value!));
    }

    /// <summary>
    /// Returns a credential by id with its award, or null when the id is unknown or the badge is no
    /// longer earned (a rule change recomputed it away).
    /// </summary>
    public async Task<IssuedBadge?> FindAsync(Guid credentialId, CancellationToken cancellationToken)
    {
        var row = await _engine.InTransactionAsync(
            async session =>
            {
                var found = (await session.QueryAsync<CredentialRow>(ByIdSql, new { CredentialId = credentialId.ToString("D") })).SingleOrDefault();
                return found is null ? null : await WithStatusIndexAsync(session, found);
            },
            cancellationToken);
        if (row is null)
        {
            return null;
        }

        var award = await _awards.GetAsync(row.TenantId, row.UserId, row.BadgeId, cancellationToken);
        return award.Value is { } found ? row.ToIssued(found) : null;
    }

    /// <summary>Revokes a credential of the tenant and writes an audit row; a second revocation is a conflict.</summary>
    public async Task<GamificationResult<BadgeRevocation>> RevokeAsync(
        string tenantId, Guid credentialId, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (string.IsNullOrWhiteSpace(actor) || string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return new InvalidInputError(3702, "A revocation needs the revoking user's id and a reason of 1-500 characters. Pass both.");
        }

        var now = _timeProvider.GetUtcNow();
        return await _engine.InTransactionAsync(
            async session =>
            {
                var id = credentialId.ToString("D");
                var row = (await session.QueryAsync<CredentialRow>(ByIdSql, new { CredentialId = id })).SingleOrDefault();
                if (row is null || row.TenantId != tenantId)
                {
                    return new GamificationResult<BadgeRevocation>(new NotFoundError(3703, $"Credential '{id}' was not found in tenant '{tenantId}'. Pass the id of a credential the district issued."));
                }

                var parameters = new { TenantId = tenantId, CredentialId = id, RevokedAtMs = now.ToUnixTimeMilliseconds(), RevokedBy = actor, Reason = reason };
                if (await session.ExecuteAsync(RevokeSql, parameters) == 0)
                {
                    return new GamificationResult<BadgeRevocation>(new ConflictError(3704, $"Credential '{id}' is already revoked."));
                }

                await session.InsertAuditAsync(tenantId, "revoke-credential", actor, null, $"Revoked credential {id} of badge '{row.BadgeId}': {reason}", now.ToUnixTimeMilliseconds());
                return new GamificationResult<BadgeRevocation>(new BadgeRevocation(credentialId, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), reason));
            },
            cancellationToken);
    }

    /// <summary>Returns the tenant's revoked credentials, oldest revocation first.</summary>
    public async Task<IReadOnlyList<BadgeRevocation>> GetRevocationsAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var rows = await _engine.InTransactionAsync(
            async session => (await session.QueryAsync<CredentialRow>(RevokedSql, new { TenantId = tenantId })).ToList(),
            cancellationToken);
        return rows.Select(row => row.ToRevocation()!).ToList();
    }

    /// <summary>Returns whether the district issued any credential with a status list position.</summary>
    public async Task<bool> HasStatusListAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return await _engine.InTransactionAsync(
            async session => (await session.QueryAsync<long>(AnyIssuedSql, new { TenantId = tenantId })).Single() > 0,
            cancellationToken);
    }

    /// <summary>Returns the positions of the district's revoked credentials in its status list.</summary>
    public async Task<IReadOnlyList<int>> GetRevokedStatusIndexesAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return await _engine.InTransactionAsync(
            async session => (await session.QueryAsync<int>(RevokedIndexesSql, new { TenantId = tenantId })).ToList(),
            cancellationToken);
    }

    // NOTE: the draw fails with an exception once a district has close to StatusListLength
    // credentials, because each district has one list and no second one yet.
    private static async Task<CredentialRow> WithStatusIndexAsync(LedgerSession session, CredentialRow row)
    {
        for (var draw = 0; row.StatusIndex is null && draw < MaxStatusIndexDraws; draw++)
        {
            var candidate = RandomNumberGenerator.GetInt32(StatusListLength);
            var parameters = new { row.TenantId, row.CredentialId, StatusIndex = candidate };
            if (await session.ExecuteAsync(AssignStatusIndexSql, parameters) == 1)
            {
                row.StatusIndex = candidate;
            }
        }

        return row.StatusIndex is null
            ? throw new InvalidOperationException($"No free status list position was found for credential {row.CredentialId} after {MaxStatusIndexDraws} draws.")
            : row;
    }

    private sealed class CredentialRow
    {
        public string CredentialId { get; set; } = "";

        public string TenantId { get; set; } = "";

        public string UserId { get; set; } = "";

        public string BadgeId { get; set; } = "";

        public long IssuedAtMs { get; set; }

        public long? RevokedAtMs { get; set; }

        public string? RevocationReason { get; set; }

        public int? StatusIndex { get; set; }

        public BadgeRevocation? ToRevocation() => RevokedAtMs is { } revokedAtMs
            ? new BadgeRevocation(Guid.Parse(CredentialId), DateTimeOffset.FromUnixTimeMilliseconds(revokedAtMs), RevocationReason ?? "")
            : null;

        public IssuedBadge ToIssued(BadgeAward award) =>
            new(Guid.Parse(CredentialId), award, DateTimeOffset.FromUnixTimeMilliseconds(IssuedAtMs), ToRevocation(), StatusIndex);
    }
}
