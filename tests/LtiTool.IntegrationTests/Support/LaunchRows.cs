using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>Reads what launches wrote to the tool's database, for assertions.</summary>
public static class LaunchRows
{
    private static readonly SqlText CountSessions = SqlText.Portable(
        "SELECT COUNT(*) FROM lti_sessions WHERE registration_id = @RegistrationId");

    private static readonly SqlText CountAllSessions = SqlText.Portable("SELECT COUNT(*) FROM lti_sessions");

    private static readonly SqlText SelectSessions = SqlText.Portable(
        "SELECT s.registration_id AS RegistrationId, s.deployment_id AS DeploymentId, u.subject AS Subject, u.name AS UserName, " +
        "u.email AS Email, u.person_sourcedid AS PersonSourcedId, s.role AS Role, s.roles AS Roles, s.message_type AS MessageType, " +
        "c.context_id AS ContextId, c.title AS ContextTitle, c.context_types AS ContextTypes, r.resource_link_id AS ResourceLinkId, " +
        "r.title AS ResourceLinkTitle, r.custom_json AS CustomJson, s.launch_json AS LaunchJson " +
        "FROM lti_sessions s JOIN lti_users u ON u.id = s.user_ref " +
        "LEFT JOIN lti_contexts c ON c.id = s.context_ref LEFT JOIN lti_resource_links r ON r.id = s.resource_link_ref " +
        "WHERE s.registration_id = @RegistrationId ORDER BY s.created_at_ms");

    private static readonly SqlText SelectDeploymentStatus = SqlText.Portable(
        "SELECT status FROM platform_deployments WHERE registration_id = @RegistrationId AND deployment_id = @DeploymentId");

    /// <summary>Counts the sessions of one registration.</summary>
    public static async Task<long> CountSessionsAsync(this Database database, string registrationId)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(database.Command(CountSessions, new { RegistrationId = registrationId }, cancellationToken));
    }

    /// <summary>Counts every session in the database.</summary>
    public static async Task<long> CountAllSessionsAsync(this Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(database.Command(CountAllSessions, null, cancellationToken));
    }

    /// <summary>Lists the sessions of one registration with their user, course and resource link.</summary>
    public static async Task<IReadOnlyList<SessionRow>> SessionsAsync(this Database database, string registrationId)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionRow>(database.Command(SelectSessions, new { RegistrationId = registrationId }, cancellationToken));
        return rows.ToList();
    }

    /// <summary>Returns a deployment's stored status, or null when the registration has no such row.</summary>
    public static async Task<string?> DeploymentStatusAsync(this Database database, string registrationId, string deploymentId)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(database.Command(
            SelectDeploymentStatus, new { RegistrationId = registrationId, DeploymentId = deploymentId }, cancellationToken));
    }

    /// <summary>Runs a statement against the database, for tests that stage a state no request can reach.</summary>
    public static async Task<int> ExecuteAsync(this Database database, string sql, object parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(database.Command(SqlText.Portable(sql), parameters, cancellationToken));
    }

    /// <summary>Reads one value from the database, for tests that check a row no page shows.</summary>
    public static async Task<T?> ScalarAsync<T>(this Database database, string sql, object parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<T>(database.Command(SqlText.Portable(sql), parameters, cancellationToken));
    }
}
