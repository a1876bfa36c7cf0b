using Dapper;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Recognition;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Services.Nrps;

/// <summary>
/// Copies a course's NRPS roster into <c>roster_members</c>. Members are upserted; after a sync
/// without filters, stored members the platform no longer lists are marked Inactive, never
/// deleted, so compliance reports keep who was enrolled. All rows of one sync commit together.
/// </summary>
public sealed partial class RosterSync
{
    private static readonly SqlText SelectContexts = SqlText.Portable(
        "SELECT id AS Id, context_id AS ContextId, nrps_url AS NrpsUrl FROM lti_contexts " +
        "WHERE registration_id = @RegistrationId AND (@ContextRef IS NULL OR id = @ContextRef) AND (@ContextId IS NULL OR context_id = @ContextId) " +
        "AND nrps_url IS NOT NULL ORDER BY context_id");

    private const string UpsertColumns =
        "registration_id, context_ref, subject, name, given_name, family_name, email, roles, role, status, first_seen_at_ms, last_synced_at_ms";

    private const string UpsertValues =
        "@RegistrationId, @ContextRef, @Subject, @Name, @GivenName, @FamilyName, @Email, @Roles, @Role, @Status, @Now, @Now";

    // A platform that stops sharing names keeps the names stored before (COALESCE).
    private const string OnConflict =
        "ON CONFLICT (registration_id, context_ref, subject) DO UPDATE SET name = COALESCE(excluded.name, roster_members.name), " +
        "given_name = COALESCE(excluded.given_name, roster_members.given_name), family_name = COALESCE(excluded.family_name, roster_members.family_name), " +
        "email = COALESCE(excluded.email, roster_members.email), roles = excluded.roles, role = excluded.role, status = excluded.status, " +
        "last_synced_at_ms = excluded.last_synced_at_ms";

    private static readonly SqlText UpsertMember = SqlText.PerProvider(
        sqlite: $"INSERT INTO roster_members ({UpsertColumns}) VALUES ({UpsertValues}) {OnConflict}",
        postgreSql: $"INSERT INTO roster_members ({UpsertColumns}) VALUES ({UpsertValues}) {OnConflict}",
        sqlServer: "MERGE roster_members WITH (HOLDLOCK) AS target USING (SELECT @RegistrationId AS registration_id, @ContextRef AS context_ref, @Subject AS subject) AS source " +
                   "ON target.registration_id = source.registration_id AND target.context_ref = source.context_ref AND target.subject = source.subject " +
                   "WHEN MATCHED THEN UPDATE SET name = COALESCE(@Name, target.name), given_name = COALESCE(@GivenName, target.given_name), " +
                   "family_name = COALESCE(@FamilyName, target.family_name), email = COALESCE(@Email, target.email), roles = @Roles, role = @Role, " +
                   "status = @Status, last_synced_at_ms = @Now " +
                   $"WHEN NOT MATCHED THEN INSERT ({UpsertColumns}) VALUES ({UpsertValues});");

    private static readonly SqlText MarkMissingInactive = SqlText.Portable(
        "UPDATE roster_members SET status = 'Inactive' WHERE registration_id = @RegistrationId AND context_ref = @ContextRef " +
        "AND last_synced_at_ms < @Now AND status <> 'Inactive'");

    // The highest role each member of one course has in any course of the registration, so a
    // leader of one course who takes another as a learner stays a leader.
    private static readonly SqlText MemberRolesSql = SqlText.Portable(
        "SELECT subject AS Subject, role AS Role, name AS Name FROM roster_members WHERE registration_id = @RegistrationId AND status = 'Active' " +
        "AND subject IN (SELECT subject FROM roster_members WHERE registration_id = @RegistrationId AND context_ref = @ContextRef)");

    private const int MaxTextLength = 450;

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly NrpsClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RosterSync> _logger;
    private readonly ParticipantDirectory _participants;

    /// <summary>Creates the sync.</summary>
    public RosterSync(
        Database database, PlatformRegistry registry, NrpsClient client, TimeProvider timeProvider, ILogger<RosterSync> logger, ParticipantDirectory participants)
    {
        _database = database;
        _registry = registry;
        _client = client;
        _timeProvider = timeProvider;
        _logger = logger;
        _participants = participants;
    }

    /// <summary>
    /// Syncs the courses of <paramref name="registrationId"/> that have an NRPS URL: one course
    /// when <paramref name="contextRef"/> (our id) or <paramref name="platformContextId"/> (the
    /// LMS's id) is given, else all. <paramref name="role"/> and <paramref name="resourceLinkId"/>
    /// narrow the listing, and then nobody is marked Inactive.
    /// </summary>
    public async Task<IReadOnlyList<(string ContextId, RosterSyncResult Result)>> SyncAsync(
        string registrationId,
        string? contextRef,
        string? platformContextId,
        string? role,
        string? resourceLinkId,
        CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(registrationId, cancellationToken)
            ?? throw new ArgumentException($"Registration '{registrationId}' does not exist. Run 'platform list' to see the registration ids.", nameof(registrationId));

        IReadOnlyList<ContextRow> contexts;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            contexts = (await connection.QueryAsync<ContextRow>(_database.Command(
                SelectContexts, new { RegistrationId = registrationId, ContextRef = contextRef, ContextId = platformContextId }, cancellationToken))).ToList();
        }

        var results = new List<(string, RosterSyncResult)>();
        foreach (var context in contexts)
        {
            results.Add((context.ContextId, await SyncContextAsync(registration, context, role, resourceLinkId, cancellationToken)));
        }

        return results;
    }

    private async Task<RosterSyncResult> SyncContextAsync(
        PlatformRegistration registration, ContextRow context, string? role, string? resourceLinkId, CancellationToken cancellationToken)
    {
        var (members, pages, failure) = await _client.ListMembersAsync(registration, context.NrpsUrl, role, resourceLinkId, cancellationToken);
        if (members is null)
        {
            var error = failure?.Error ?? "the roster could not be read";
            Log.SyncFailed(_logger, registration.Id, context.ContextId, error);
            return new RosterSyncResult(0, pages, 0, error);
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var member in members.DistinctBy(member => member.Subject, StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(_database.Command(UpsertMember, new
            {
                RegistrationId = registration.Id,
                ContextRef = context.Id,
                member.Subject,
                Name = Cut(member.Name),
                GivenName = Cut(member.GivenName),
                FamilyName = Cut(member.FamilyName),
                Email = member.Email is { Length: <= MaxTextLength } email ? email : null,
                Roles = string.Join(' ', member.Roles),
                Role = RoleMapper.Map(member.Roles).ToString(),
                member.Status,
                Now = now,
            }, cancellationToken, transaction));
        }

        var inactivated = 0;
        if (role is null && resourceLinkId is null)
        {
            inactivated = await connection.ExecuteAsync(_database.Command(
                MarkMissingInactive, new { RegistrationId = registration.Id, ContextRef = context.Id, Now = now }, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        Log.Synced(_logger, registration.Id, context.ContextId, members.Count, pages, inactivated);
        await SyncRolesAsync(registration, context, cancellationToken);
        return new RosterSyncResult(members.Count, pages, inactivated, null);
    }

    // Copies each member's highest role into gamification, so leaderboards leave out PD leaders
    // who never opened a recognition page.
    private async Task SyncRolesAsync(PlatformRegistration registration, ContextRow context, CancellationToken cancellationToken)
    {
        IReadOnlyList<MemberRole> rows;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<MemberRole>(_database.Command(
                MemberRolesSql, new { RegistrationId = registration.Id, ContextRef = context.Id }, cancellationToken))).ToList();
        }

        var assignments = rows
            .GroupBy(row => row.Subject, StringComparer.Ordinal)
            .Select(member => new ParticipantRoleAssignment(
                registration.Issuer,
                member.Key,
                ParticipantRoles.Of(member.Max(row => Enum.Parse<PdRole>(row.Role))),
                member.Select(row => row.Name).FirstOrDefault(name => name is not null)))
            .ToList();
        var result = await _participants.SetRolesAsync(registration.DistrictId, assignments, cancellationToken);
        if (result.Error is { } error)
        {
            Log.RolesNotSynced(_logger, registration.Id, context.ContextId, error.Message);
            return;
        }

        Log.RolesSynced(_logger, registration.Id, context.ContextId, result.Value);
    }

    private static string? Cut(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = value.Replace("\0", string.Empty, StringComparison.Ordinal);
        return cleaned.Length <= MaxTextLength ? cleaned : cleaned[..MaxTextLength];
    }

    private sealed record ContextRow(string Id, string ContextId, string NrpsUrl);

    private sealed record MemberRole(string Subject, string Role, string? Name);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1780, EventName = "RosterSynced", Level = LogLevel.Information,
            Message = "Roster of course {ContextId} (registration {RegistrationId}) synced: {Members} members in {Pages} pages, {Inactivated} marked inactive")]
        public static partial void Synced(ILogger logger, string registrationId, string contextId, int members, int pages, int inactivated);

        [LoggerMessage(EventId = 1781, EventName = "RosterSyncFailed", Level = LogLevel.Warning,
            Message = "Roster sync of course {ContextId} (registration {RegistrationId}) failed; stored members are unchanged: {Error}")]
        public static partial void SyncFailed(ILogger logger, string registrationId, string contextId, string error);

        [LoggerMessage(EventId = 1120, EventName = "RosterRolesSynced", Level = LogLevel.Information,
            Message = "Recognition roles of course {ContextId} (registration {RegistrationId}) synced from the roster: {Changed} changed")]
        public static partial void RolesSynced(ILogger logger, string registrationId, string contextId, int changed);

        [LoggerMessage(EventId = 1121, EventName = "RosterRolesNotSynced", Level = LogLevel.Warning,
            Message = "Recognition roles of course {ContextId} (registration {RegistrationId}) were not synced from the roster: {Error}")]
        public static partial void RolesNotSynced(ILogger logger, string registrationId, string contextId, string error);
    }
}
