using Dapper;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.XapiBridge.Profile;

namespace LtiPd.LtiTool.Learning;

/// <summary>Reads the registration, user and course rows a learner step refers to by id.</summary>
internal sealed class LearnerDirectory
{
    private static readonly SqlText SubjectSql = SqlText.Portable(
        "SELECT subject AS Subject, school_id AS SchoolId FROM lti_users WHERE id = @UserId AND registration_id = @RegistrationId");

    private static readonly SqlText ContextSql = SqlText.Portable(
        "SELECT context_id AS LtiContextId, deployment_id AS LtiDeploymentId, title AS Title FROM lti_contexts " +
        "WHERE id = @ContextId AND registration_id = @RegistrationId");

    private readonly Database _database;
    private readonly PlatformRegistry _registry;

    public LearnerDirectory(Database database, PlatformRegistry registry)
    {
        _database = database;
        _registry = registry;
    }

    /// <summary>Returns the learner, or null when the registration or the user row no longer exists.</summary>
    public async Task<LearnerRecord?> FindAsync(string registrationId, string userId, string? contextId, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(registrationId, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(
            _database.Command(SubjectSql, new { UserId = userId, RegistrationId = registrationId }, cancellationToken));
        if (user is null)
        {
            return null;
        }

        ContextRow? context = null;
        if (contextId is not null)
        {
            context = await connection.QuerySingleOrDefaultAsync<ContextRow>(
                _database.Command(ContextSql, new { ContextId = contextId, RegistrationId = registrationId }, cancellationToken));
        }

        return new LearnerRecord(
            registration.DistrictId,
            new PdPerson(registration.Issuer, user.Subject),
            context?.LtiContextId,
            context?.LtiDeploymentId,
            context?.Title,
            user.SchoolId);
    }

    private sealed record UserRow(string Subject, string? SchoolId);

    private sealed record ContextRow(string LtiContextId, string LtiDeploymentId, string? Title);
}
