using System.Data.Common;
using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.Storage;

namespace LtiPd.Gamification.Participants;

/// <summary>Stores roles, leaderboard opt-in and display names, set by the host from LTI launches.</summary>
public sealed class ParticipantDirectory
{
    private static readonly SqlText UpdateSql = SqlText.Portable(
        "UPDATE gamification_participants SET role = @Role, display_name = @DisplayName, leaderboard_opt_in = @LeaderboardOptIn, " +
        "school_id = COALESCE(@SchoolId, school_id), updated_at_ms = @UpdatedAtMs WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText InsertSql = SqlBuilder.InsertIfAbsent(
        "gamification_participants",
        ["tenant_id", "user_id", "home_page", "account_name", "display_name", "role", "leaderboard_opt_in", "school_id", "updated_at_ms"],
        ["tenant_id", "user_id"]);

    private static readonly SqlText UpdateSchoolSql = SqlText.Portable(
        "UPDATE gamification_participants SET school_id = @SchoolId, updated_at_ms = @UpdatedAtMs WHERE tenant_id = @TenantId AND user_id = @UserId");
    private static readonly SqlText UpdateRankedSql = SqlText.Portable(
        "UPDATE gamification_standings SET ranked = @Ranked WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText ChangingRankSql = SqlText.Portable(
        "SELECT season_id, points FROM gamification_standings WHERE tenant_id = @TenantId AND user_id = @UserId AND ranked <> @Ranked");

    private static readonly SqlText GetSql = SqlText.Portable(
        "SELECT home_page AS HomePage, account_name AS AccountName, role AS Role, display_name AS DisplayName, " +
        "leaderboard_opt_in AS LeaderboardOptIn, school_id AS SchoolId FROM gamification_participants WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText GetRoleSql = SqlText.Portable(
        "SELECT role FROM gamification_participants WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText UpdateRoleSql = SqlText.Portable(
        "UPDATE gamification_participants SET role = @Role, display_name = COALESCE(display_name, @DisplayName), updated_at_ms = @UpdatedAtMs " +
        "WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText SetOptInSql = SqlText.Portable(
        "UPDATE gamification_participants SET leaderboard_opt_in = @LeaderboardOptIn, updated_at_ms = @UpdatedAtMs WHERE tenant_id = @TenantId AND user_id = @UserId");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the directory over <paramref name="database"/>.</summary>
    public ParticipantDirectory(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates or updates a participant and returns their user id.</summary>
    public async Task<GamificationResult<string>> SaveAsync(string tenantId, ParticipantProfile profile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(profile);
        if (!ParticipantRole.IsKnown(profile.Role))
        {
            return new GamificationResult<string>(new InvalidInputError(3301, $"Role '{profile.Role}' is not known. Use teacher, reviewer or admin."));
        }

        if (string.IsNullOrWhiteSpace(profile.HomePage) || string.IsNullOrWhiteSpace(profile.AccountName))
        {
            return new GamificationResult<string>(new InvalidInputError(3302, "The participant's account home page and name are required. Pass the values of the xAPI actor account."));
        }

        var userId = GamificationKeys.UserId(profile.HomePage, profile.AccountName);
        var parameters = new
        {
            TenantId = tenantId, UserId = userId, profile.HomePage, profile.AccountName, profile.DisplayName, profile.Role,
            LeaderboardOptIn = profile.LeaderboardOptIn ? 1 : 0, profile.SchoolId,
            UpdatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(_database.Command(UpdateSql, parameters, cancellationToken, transaction)) == 0
            && await connection.ExecuteAsync(_database.Command(InsertSql, parameters, cancellationToken, transaction)) == 0)
        {
            // The engine inserted the row from a statement between the two commands.
            await connection.ExecuteAsync(_database.Command(UpdateSql, parameters, cancellationToken, transaction));
        }

        await UpdateRankedAsync(connection, transaction, tenantId, userId, profile.Role, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new GamificationResult<string>(userId);
    }

    /// <summary>
    /// Sets the role of each participant from a course roster, in one transaction, adding the
    /// participants the engine does not know yet (hidden from leaderboards until they opt in). A
    /// role change moves the participant onto or off the boards at once, so a PD leader is never
    /// ranked as a teacher even before their first visit. An admin keeps that role. Returns how
    /// many participants changed role.
    /// </summary>
    public async Task<GamificationResult<int>> SetRolesAsync(string tenantId, IReadOnlyList<ParticipantRoleAssignment> roles, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.FirstOrDefault(assignment => !ParticipantRole.IsKnown(assignment.Role)) is { } unknown)
        {
            return new GamificationResult<int>(new InvalidInputError(3304, $"Role '{unknown.Role}' of '{unknown.AccountName}' is not known. Use teacher, reviewer or admin."));
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = 0;
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var assignment in roles)
        {
            var userId = GamificationKeys.UserId(assignment.HomePage, assignment.AccountName);
            var current = await connection.QuerySingleOrDefaultAsync<string?>(
                _database.Command(GetRoleSql, new { TenantId = tenantId, UserId = userId }, cancellationToken, transaction));
            // District administrators come from institution or system roles in a launch, which a
            // course roster need not list, so a roster never lowers an admin.
            if (current == assignment.Role || (current == ParticipantRole.Admin && assignment.Role != ParticipantRole.Admin))
            {
                continue;
            }

            var parameters = new
            {
                TenantId = tenantId, UserId = userId, assignment.HomePage, assignment.AccountName, assignment.DisplayName, assignment.Role,
                LeaderboardOptIn = 0, SchoolId = (string?)null, UpdatedAtMs = nowMs,
            };
            if (current is null)
            {
                await connection.ExecuteAsync(_database.Command(InsertSql, parameters, cancellationToken, transaction));
            }

            await connection.ExecuteAsync(_database.Command(UpdateRoleSql, parameters, cancellationToken, transaction));
            await UpdateRankedAsync(connection, transaction, tenantId, userId, assignment.Role, cancellationToken);
            changed++;
        }

        await transaction.CommitAsync(cancellationToken);
        return new GamificationResult<int>(changed);
    }

    /// <summary>
    /// Sets the school of participants the engine already knows, in one transaction, so school
    /// leaderboards follow a roster import or a changed launch parameter. Participants not yet
    /// known get their school from the first statement that carries one. Returns how many rows changed.
    /// </summary>
    public async Task<int> SetSchoolsAsync(string tenantId, IReadOnlyList<ParticipantSchool> schools, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(schools);
        if (schools.Count == 0)
        {
            return 0;
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var parameters = schools.Select(school => new
        {
            TenantId = tenantId,
            UserId = GamificationKeys.UserId(school.HomePage, school.AccountName),
            school.SchoolId,
            UpdatedAtMs = nowMs,
        });

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(_database.Command(UpdateSchoolSql, parameters, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Returns the participant, or null when the tenant has no participant with that user id.</summary>
    public async Task<ParticipantProfile?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ParticipantRow>(
            _database.Command(GetSql, new { TenantId = tenantId, UserId = userId }, cancellationToken));
        return row is null ? null : new ParticipantProfile
        {
            HomePage = row.HomePage, AccountName = row.AccountName, Role = row.Role, DisplayName = row.DisplayName,
            LeaderboardOptIn = row.LeaderboardOptIn == 1, SchoolId = row.SchoolId,
        };
    }

    /// <summary>Shows or hides the participant's name on leaderboards; not-found when the participant does not exist.</summary>
    public async Task<GamificationResult<bool>> SetLeaderboardOptInAsync(string tenantId, string userId, bool optIn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var parameters = new
        {
            TenantId = tenantId, UserId = userId, LeaderboardOptIn = optIn ? 1 : 0,
            UpdatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(_database.Command(SetOptInSql, parameters, cancellationToken));
        return updated == 1
            ? new GamificationResult<bool>(optIn)
            : new GamificationResult<bool>(new NotFoundError(3303, $"Participant '{userId}' was not found in tenant '{tenantId}'. Save the participant first."));
    }

    // Only teachers rank, so a role change moves the participant onto or off the boards at once.
    private async Task UpdateRankedAsync(DbConnection connection, DbTransaction transaction, string tenantId, string userId, string role, CancellationToken cancellationToken)
    {
        var ranked = new { TenantId = tenantId, UserId = userId, Ranked = role == ParticipantRole.Teacher ? 1 : 0 };
        var changing = await connection.QueryAsync<(string SeasonId, long Points)>(_database.Command(ChangingRankSql, ranked, cancellationToken, transaction));
        foreach (var (seasonId, points) in changing.ToList())
        {
            await StandingCounts.AddAsync(_database, connection, transaction, tenantId, seasonId, points, ranked.Ranked == 1 ? 1 : -1, cancellationToken);
        }

        await connection.ExecuteAsync(_database.Command(UpdateRankedSql, ranked, cancellationToken, transaction));
    }

    private sealed class ParticipantRow
    {
        public string HomePage { get; set; } = "";

        public string AccountName { get; set; } = "";

        public string Role { get; set; } = "";

        public string? DisplayName { get; set; }

        public long LeaderboardOptIn { get; set; }

        public string? SchoolId { get; set; }
    }
}
