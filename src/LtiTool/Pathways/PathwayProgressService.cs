using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Records;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Computes a signed-in person's pathways and records a pathway completion, once per cycle, with
/// its certificate and its pathway-completed statement (which the gamification engine turns into
/// the pathway bonus) written in the same transaction.
/// </summary>
internal sealed partial class PathwayProgressService
{
    private static readonly SqlText SelectUser = SqlText.Portable(
        "SELECT subject AS Subject, school_id AS SchoolId, name AS Name, given_name AS GivenName, family_name AS FamilyName " +
        "FROM lti_users WHERE id = @UserRef AND registration_id = @RegistrationId");

    private static readonly SqlText SelectContexts = SqlText.Portable(
        "SELECT context_ref FROM roster_members WHERE registration_id = @RegistrationId AND subject = @Subject AND status = 'Active' " +
        "UNION SELECT context_ref FROM pd_launch_memberships WHERE registration_id = @RegistrationId AND user_ref = @UserRef AND context_ref <> ''");

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly PathwayStore _store;
    private readonly ProgressStore _progress;
    private readonly ModuleCatalog _catalog;
    private readonly XapiLearningEventSink _statements;
    private readonly StatementOutbox _outbox;
    private readonly CertificateStore _certificates;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PathwayProgressService> _logger;

    public PathwayProgressService(
        Database database,
        PlatformRegistry registry,
        PathwayStore store,
        ProgressStore progress,
        ModuleCatalog catalog,
        XapiLearningEventSink statements,
        StatementOutbox outbox,
        CertificateStore certificates,
        TimeProvider timeProvider,
        ILogger<PathwayProgressService> logger)
    {
        _database = database;
        _registry = registry;
        _store = store;
        _progress = progress;
        _catalog = catalog;
        _statements = statements;
        _outbox = outbox;
        _certificates = certificates;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Returns the standing on every pathway assigned to the session's person, and records the
    /// completion of each pathway that became complete.
    /// </summary>
    public async Task<IReadOnlyList<PathwayStatus>> GetAndRecordAsync(LtiSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var registration = await _registry.FindByIdAsync(session.RegistrationId, cancellationToken);
        if (registration is null)
        {
            return [];
        }

        var (person, holderName) = await LoadPersonAsync(session, cancellationToken);
        if (person is null)
        {
            return [];
        }

        await StoreQueuedStatementsAsync(session, cancellationToken);

        var pathways = (await _store.ListAsync(registration.DistrictId, includeArchived: false, cancellationToken))
            .Where(person.IsAssigned)
            .ToList();
        if (pathways.Count == 0)
        {
            return [];
        }

        var completions = await _progress.ListCompletionsAsync(session.RegistrationId, session.UserId, cancellationToken);
        var completedModules = completions.Select(completion => completion.ModuleId).ToHashSet(StringComparer.Ordinal);
        var started = (await _progress.ListAsync(session.RegistrationId, session.UserId, cancellationToken))
            .Select(record => record.ModuleId)
            .ToHashSet(StringComparer.Ordinal);
        var choices = await _store.ListChoicesAsync(registration.DistrictId, session.UserId, cancellationToken);
        var now = _timeProvider.GetUtcNow();

        var statuses = new List<PathwayStatus>();
        foreach (var pathway in pathways)
        {
            var chosen = choices.GetValueOrDefault(pathway.Id) ?? new HashSet<string>(StringComparer.Ordinal);
            var status = PathwayEvaluator.Evaluate(pathway, _catalog, completions, started, chosen, now);
            statuses.Add(status);
            if (status.IsComplete)
            {
                var certificate = new CertificateSubject(
                    CertificateKind.Pathway,
                    TranscriptPathway.SubjectIdOf(pathway.Id, status.Cycle.StartMs),
                    pathway.Title,
                    PathwayCreditHours.Of(pathway, _catalog, completedModules),
                    DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
                await RecordCompletionAsync(session, registration.DistrictId, status, certificate, holderName, now, cancellationToken);
            }
        }

        return statuses;
    }

    private async Task RecordCompletionAsync(
        LtiSession session, string districtId, PathwayStatus status, CertificateSubject certificate, string? holderName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pathway = status.Pathway;
        if (await _store.HasCompletionAsync(districtId, pathway.Id, session.UserId, status.Cycle.StartMs, cancellationToken))
        {
            return;
        }

        var step = new LearningStep
        {
            RegistrationId = session.RegistrationId,
            UserId = session.UserId,
            ContextId = session.ContextId,
            ModuleId = "pathway:" + pathway.Id,
            OccurredAt = now,
        };
        var statement = await _statements.BuildPathwayCompletedAsync(step, pathway.Id, pathway.Title, status.Cycle.StartMs, cancellationToken);

        // The completion row, its certificate and its statement commit together, so a crash after
        // the commit leaves the statement queued rather than lost, and no completion is ever
        // without its certificate. Once the row is written, the request's
        // token no longer cancels the work: the completion must not be half recorded.
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (!await _store.TryRecordCompletionAsync(connection, transaction, districtId, pathway.Id, session.UserId, status.Cycle.StartMs, now, cancellationToken))
            {
                return;
            }

            await _certificates.IssueAsync(connection, transaction, session.RegistrationId, session.UserId, certificate, holderName, CancellationToken.None);
            if (statement is not null)
            {
                await _outbox.AddAsync(connection, transaction, statement, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }

        Log.PathwayCompleted(_logger, pathway.Id, session.RegistrationId, session.UserId);
        if (statement is not null)
        {
            await _statements.StorePendingAsync(_outbox, statement, CancellationToken.None);
        }
    }

    /// <summary>Stores the statements a crash or an LRS failure left queued for this learner.</summary>
    private async Task StoreQueuedStatementsAsync(LtiSession session, CancellationToken cancellationToken)
    {
        foreach (var pending in await _outbox.ListForUserAsync(session.RegistrationId, session.UserId, cancellationToken))
        {
            await _statements.StorePendingAsync(_outbox, pending, cancellationToken);
        }
    }

    private async Task<(PathwayPerson? Person, string? HolderName)> LoadPersonAsync(LtiSession session, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(_database.Command(
            SelectUser, new { UserRef = session.UserId, session.RegistrationId }, cancellationToken));
        if (user is null)
        {
            return (null, null);
        }

        var contexts = (await connection.QueryAsync<string>(_database.Command(
            SelectContexts, new { session.RegistrationId, user.Subject, UserRef = session.UserId }, cancellationToken))).ToHashSet(StringComparer.Ordinal);
        if (session.ContextId is not null)
        {
            contexts.Add(session.ContextId);
        }

        var person = new PathwayPerson { RegistrationId = session.RegistrationId, Role = session.Role, ContextRefs = contexts, SchoolId = user.SchoolId };
        return (person, CertificateHolderName.Of(user.Name, user.GivenName, user.FamilyName));
    }

    private sealed record UserRow(string Subject, string? SchoolId, string? Name, string? GivenName, string? FamilyName);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1743, EventName = "PathwayCompleted", Level = LogLevel.Information,
            Message = "Pathway {PathwayId} completed by user {UserId} of registration {RegistrationId}")]
        public static partial void PathwayCompleted(ILogger logger, string pathwayId, string registrationId, string userId);
    }
}
