using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Sessions;

/// <summary>
/// Server-side sessions in the database, shared by every node. The cookie carries a random id;
/// the table keeps only its SHA-256, so a copy of the database cannot be used to sign in.
/// </summary>
public sealed class SessionStore
{
    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO lti_sessions (id_hash, registration_id, deployment_id, user_ref, context_ref, resource_link_ref, role, roles, message_type, launch_json, csrf_token, created_at_ms, expires_at_ms) " +
        "VALUES (@IdHash, @RegistrationId, @DeploymentId, @UserRef, @ContextRef, @ResourceLinkRef, @Role, @Roles, @MessageType, @LaunchJson, @CsrfToken, @Now, @ExpiresAtMs)");

    private static readonly SqlText Select = SqlText.Portable(
        "SELECT s.registration_id AS RegistrationId, s.deployment_id AS DeploymentId, s.user_ref AS UserId, u.subject AS Subject, " +
        "u.name AS DisplayName, s.context_ref AS ContextId, c.title AS ContextTitle, s.resource_link_ref AS ResourceLinkId, " +
        "r.title AS ResourceLinkTitle, s.role AS Role, s.message_type AS MessageType, s.csrf_token AS CsrfToken, s.expires_at_ms AS ExpiresAtMs " +
        "FROM lti_sessions s JOIN lti_users u ON u.id = s.user_ref AND u.registration_id = s.registration_id " +
        "LEFT JOIN lti_contexts c ON c.id = s.context_ref LEFT JOIN lti_resource_links r ON r.id = s.resource_link_ref " +
        "WHERE s.id_hash = @IdHash AND s.expires_at_ms > @Now");

    private static readonly SqlText SelectLaunchJson = SqlText.Portable(
        "SELECT launch_json FROM lti_sessions WHERE id_hash = @IdHash AND expires_at_ms > @Now");

    private static readonly SqlText Delete = SqlText.Portable("DELETE FROM lti_sessions WHERE id_hash = @IdHash");

    private static readonly SqlText DeleteExpired = SqlText.Portable("DELETE FROM lti_sessions WHERE expires_at_ms < @Before");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public SessionStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a session inside the caller's transaction and returns the cookie value.</summary>
    public async Task<string> CreateAsync(DbConnection connection, DbTransaction transaction, NewSession session)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(session);
        var sessionId = Tokens.NewRandom();
        var now = _timeProvider.GetUtcNow();

        // Not cancellable: the launch has consumed its state and nonce, so it must finish.
        await _database.ExecuteAsync(connection, Insert, new
        {
            IdHash = Hash(sessionId),
            session.RegistrationId,
            session.DeploymentId,
            UserRef = session.UserId,
            ContextRef = session.ContextId,
            ResourceLinkRef = session.ResourceLinkId,
            Role = session.Role.ToString(),
            Roles = string.Join(' ', session.Roles),
            session.MessageType,
            session.LaunchJson,
            CsrfToken = Tokens.NewRandom(),
            Now = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (now + session.Lifetime).ToUnixTimeMilliseconds(),
        }, CancellationToken.None, transaction);
        return sessionId;
    }

    /// <summary>Finds the live session for a cookie value, or null.</summary>
    public async Task<LtiSession?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await _database.QuerySingleOrDefaultAsync<SessionRow>(
            connection, Select, new { IdHash = Hash(sessionId), Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken);
        return row is null
            ? null
            : new LtiSession
            {
                RegistrationId = row.RegistrationId,
                DeploymentId = row.DeploymentId,
                UserId = row.UserId,
                Subject = row.Subject,
                DisplayName = row.DisplayName,
                ContextId = row.ContextId,
                ContextTitle = row.ContextTitle,
                ResourceLinkId = row.ResourceLinkId,
                ResourceLinkTitle = row.ResourceLinkTitle,
                Role = Enum.Parse<PdRole>(row.Role),
                MessageType = row.MessageType,
                CsrfToken = row.CsrfToken,
                ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAtMs),
            };
    }

    /// <summary>Returns the launch details stored with a live session, or null.</summary>
    public async Task<string?> FindLaunchJsonAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(_database.Command(
            SelectLaunchJson, new { IdHash = Hash(sessionId), Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken));
    }

    /// <summary>Ends a session.</summary>
    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Delete, new { IdHash = Hash(sessionId) }, cancellationToken));
    }

    /// <summary>Deletes sessions that ended before <paramref name="before"/>. Returns the count.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(
            DeleteExpired, new { Before = before.ToUnixTimeMilliseconds() }, cancellationToken));
    }

    private static string Hash(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));

    private sealed record SessionRow(
        string RegistrationId,
        string DeploymentId,
        string UserId,
        string Subject,
        string? DisplayName,
        string? ContextId,
        string? ContextTitle,
        string? ResourceLinkId,
        string? ResourceLinkTitle,
        string Role,
        string MessageType,
        string CsrfToken,
        long ExpiresAtMs);
}
