using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Platforms;

/// <summary>
/// Stores platform registrations and their deployments. Every LTI record the tool keeps is scoped
/// to a registration id from here, so one district never reads another's rows.
/// </summary>
public sealed class PlatformRegistry
{
    private const string RegistrationColumns =
        "id AS Id, district_id AS DistrictId, issuer AS Issuer, client_id AS ClientId, auth_url AS AuthUrl, " +
        "token_url AS TokenUrl, jwks_url AS JwksUrl, token_audience AS TokenAudience, school_parameter AS SchoolParameter, " +
        "school_name_parameter AS SchoolNameParameter, source AS Source";

    private static readonly SqlText SelectByIssuerAndClient = SqlText.Portable(
        $"SELECT {RegistrationColumns} FROM platform_registrations WHERE issuer = @Issuer AND client_id = @ClientId");

    private static readonly SqlText SelectByIssuer = SqlText.Portable(
        $"SELECT {RegistrationColumns} FROM platform_registrations WHERE issuer = @Issuer ORDER BY client_id");

    private static readonly SqlText SelectById = SqlText.Portable(
        $"SELECT {RegistrationColumns} FROM platform_registrations WHERE id = @Id");

    private static readonly SqlText SelectAll = SqlText.Portable(
        $"SELECT {RegistrationColumns} FROM platform_registrations ORDER BY issuer, client_id");

    private static readonly SqlText InsertDistrictIfMissing = SqlText.Portable(
        "INSERT INTO districts (id, name, created_at_ms) SELECT @Id, @Name, @Now " +
        "WHERE NOT EXISTS (SELECT 1 FROM districts WHERE id = @Id)");

    private static readonly SqlText InsertRegistration = SqlText.Portable(
        "INSERT INTO platform_registrations (id, district_id, issuer, client_id, auth_url, token_url, jwks_url, token_audience, school_parameter, school_name_parameter, source, created_at_ms) " +
        "VALUES (@Id, @DistrictId, @Issuer, @ClientId, @AuthUrl, @TokenUrl, @JwksUrl, @TokenAudience, @SchoolParameter, @SchoolNameParameter, @Source, @Now)");

    private static readonly SqlText UpdateRegistration = SqlText.Portable(
        "UPDATE platform_registrations SET auth_url = @AuthUrl, token_url = @TokenUrl, jwks_url = @JwksUrl, " +
        "token_audience = @TokenAudience, school_parameter = @SchoolParameter, school_name_parameter = @SchoolNameParameter WHERE id = @Id");

    private static readonly SqlText SelectDeployments = SqlText.Portable(
        "SELECT registration_id AS RegistrationId, deployment_id AS DeploymentId, status AS Status, first_seen_at_ms AS FirstSeenAtMs " +
        "FROM platform_deployments WHERE registration_id = @RegistrationId ORDER BY deployment_id");

    private static readonly SqlText SelectDeploymentStatus = SqlText.Portable(
        "SELECT status FROM platform_deployments WHERE registration_id = @RegistrationId AND deployment_id = @DeploymentId");

    private static readonly SqlText InsertDeploymentIfMissing = SqlText.PerProvider(
        sqlite: "INSERT INTO platform_deployments (registration_id, deployment_id, status, first_seen_at_ms, approved_at_ms) " +
                "VALUES (@RegistrationId, @DeploymentId, @Status, @Now, @ApprovedAt) ON CONFLICT (registration_id, deployment_id) DO NOTHING",
        postgreSql: "INSERT INTO platform_deployments (registration_id, deployment_id, status, first_seen_at_ms, approved_at_ms) " +
                    "VALUES (@RegistrationId, @DeploymentId, @Status, @Now, @ApprovedAt) ON CONFLICT (registration_id, deployment_id) DO NOTHING",
        sqlServer: "INSERT INTO platform_deployments (registration_id, deployment_id, status, first_seen_at_ms, approved_at_ms) " +
                   "SELECT @RegistrationId, @DeploymentId, @Status, @Now, @ApprovedAt WHERE NOT EXISTS (SELECT 1 FROM platform_deployments WITH (UPDLOCK, HOLDLOCK) " +
                   "WHERE registration_id = @RegistrationId AND deployment_id = @DeploymentId)");

    private static readonly SqlText CountPending = SqlText.Portable(
        "SELECT COUNT(*) FROM platform_deployments WHERE registration_id = @RegistrationId AND status = 'Pending'");

    private static readonly SqlText ActivateDeployment = SqlText.Portable(
        "UPDATE platform_deployments SET status = 'Active', approved_at_ms = @Now " +
        "WHERE registration_id = @RegistrationId AND deployment_id = @DeploymentId");

    // Deleting a registration removes every row scoped to it, children first, so no foreign key
    // depends on cascade rules that differ between the providers.
    private static readonly SqlText[] DeleteRegistrationCascade =
    [
        SqlText.Portable("DELETE FROM ags_results WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM ags_score_timestamps WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM ags_score_outbox WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM ags_line_items WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM pd_pathway_choices WHERE user_ref IN (SELECT id FROM lti_users WHERE registration_id = @Id)"),
        SqlText.Portable("DELETE FROM pd_pathway_completions WHERE user_ref IN (SELECT id FROM lti_users WHERE registration_id = @Id)"),
        SqlText.Portable("DELETE FROM pd_statement_outbox WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM pd_launch_memberships WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM pd_school_roster WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM roster_members WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM live_session_attendees WHERE session_id IN (SELECT id FROM live_sessions WHERE registration_id = @Id)"),
        SqlText.Portable("DELETE FROM live_sessions WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM lti_schools WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM award_notice_marks WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM evidence_statements WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM evidence_reviews WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM evidence_revisions WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM evidence_submissions WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM catalog_module_completions WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM catalog_progress WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM catalog_activity_time WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM lti_sessions WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM record_certificates WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM lti_resource_links WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM lti_contexts WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM lti_users WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM login_states WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM used_nonces WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM platform_deployments WHERE registration_id = @Id"),
        // Last, because the triggers of the deletes above mark the registration's people there.
        SqlText.Portable("DELETE FROM pd_compliance_status_courses WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM pd_compliance_status WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM pd_compliance_dirty WHERE registration_id = @Id"),
        SqlText.Portable("DELETE FROM platform_registrations WHERE id = @Id"),
    ];

    private static readonly SqlText SelectEvidenceFileKeys = SqlText.Portable(
        "SELECT file_key FROM evidence_revisions WHERE registration_id = @Id AND file_key IS NOT NULL");

    private static readonly SqlText CountDistrict = SqlText.Portable("SELECT COUNT(*) FROM districts WHERE id = @Id");

    /// <summary>The most pending deployments kept per registration.</summary>
    public const int MaxPendingDeployments = 50;

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly RegistryCache _cache;

    /// <summary>Creates the registry over <paramref name="database"/>.</summary>
    public PlatformRegistry(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
        _cache = new RegistryCache(timeProvider);
    }

    /// <summary>
    /// Forgets cached registrations and deployment states. Writes through this registry do so
    /// themselves, before they start and after they commit. Call it after changing the tables
    /// another way.
    /// </summary>
    public void ClearCache() => _cache.Clear();

    /// <summary>Finds the registration for an (issuer, client_id) pair, or null.</summary>
    public Task<PlatformRegistration?> FindAsync(string issuer, string clientId, CancellationToken cancellationToken) =>
        _cache.GetOrLoadAsync($"key|{issuer}|{clientId}", () => LoadAsync(issuer, clientId, cancellationToken));

    private async Task<PlatformRegistration?> LoadAsync(string issuer, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PlatformRegistration>(
            _database.Command(SelectByIssuerAndClient, new { Issuer = issuer, ClientId = clientId }, cancellationToken));
    }

    /// <summary>Lists the registrations of one issuer (Canvas and Schoology have many per issuer).</summary>
    public async Task<IReadOnlyList<PlatformRegistration>> FindByIssuerAsync(string issuer, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlatformRegistration>(
            _database.Command(SelectByIssuer, new { Issuer = issuer }, cancellationToken));
        return rows.ToList();
    }

    /// <summary>Finds a registration by our id, or null.</summary>
    public Task<PlatformRegistration?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        _cache.GetOrLoadAsync($"id|{id}", () => LoadByIdAsync(id, cancellationToken));

    private async Task<PlatformRegistration?> LoadByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PlatformRegistration>(
            _database.Command(SelectById, new { Id = id }, cancellationToken));
    }

    /// <summary>Lists every registration.</summary>
    public async Task<IReadOnlyList<PlatformRegistration>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlatformRegistration>(_database.Command(SelectAll, null, cancellationToken));
        return rows.ToList();
    }

    /// <summary>Lists the deployments of a registration with their status.</summary>
    public async Task<IReadOnlyList<PlatformDeployment>> ListDeploymentsAsync(string registrationId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeploymentRow>(
            _database.Command(SelectDeployments, new { RegistrationId = registrationId }, cancellationToken));
        return rows.Select(row => new PlatformDeployment(
                row.RegistrationId,
                row.DeploymentId,
                Enum.Parse<DeploymentStatus>(row.Status),
                DateTimeOffset.FromUnixTimeMilliseconds(row.FirstSeenAtMs)))
            .ToList();
    }

    /// <summary>
    /// Adds a registration, or updates the endpoints of the one with the same (issuer, client_id),
    /// and marks the given deployments active. The school parameters change only when the request
    /// names them. Returns the stored registration.
    /// </summary>
    public async Task<PlatformRegistration> SaveAsync(
        PlatformRegistrationRequest request,
        CancellationToken cancellationToken)
    {
        _cache.Clear();
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var existing = await connection.QuerySingleOrDefaultAsync<PlatformRegistration>(_database.Command(
            SelectByIssuerAndClient, new { request.Issuer, request.ClientId }, cancellationToken, transaction));

        PlatformRegistration saved;
        if (existing is null)
        {
            // Canvas and Schoology use one issuer for every customer. A district named after the
            // issuer alone would merge unrelated customers, so the default adds the client id.
            var districtName = string.IsNullOrWhiteSpace(request.DistrictName)
                ? $"{request.Issuer} (client {request.ClientId})"
                : request.DistrictName.Trim();
            var districtId = DistrictIds.FromName(districtName);
            await connection.ExecuteAsync(_database.Command(
                InsertDistrictIfMissing, new { Id = districtId, Name = districtName, Now = now }, cancellationToken, transaction));

            saved = new PlatformRegistration
            {
                Id = Guid.NewGuid().ToString("N"),
                DistrictId = districtId,
                Issuer = request.Issuer,
                ClientId = request.ClientId,
                AuthUrl = request.AuthUrl,
                TokenUrl = request.TokenUrl,
                JwksUrl = request.JwksUrl,
                TokenAudience = request.TokenAudience,
                SchoolParameter = request.SchoolParameter,
                SchoolNameParameter = request.SchoolNameParameter,
                Source = request.Source,
            };
            await connection.ExecuteAsync(_database.Command(InsertRegistration, new
            {
                saved.Id,
                saved.DistrictId,
                saved.Issuer,
                saved.ClientId,
                saved.AuthUrl,
                saved.TokenUrl,
                saved.JwksUrl,
                saved.TokenAudience,
                saved.SchoolParameter,
                saved.SchoolNameParameter,
                saved.Source,
                Now = now,
            }, cancellationToken, transaction));
        }
        else
        {
            saved = existing with
            {
                AuthUrl = request.AuthUrl,
                TokenUrl = request.TokenUrl,
                JwksUrl = request.JwksUrl,
                TokenAudience = request.TokenAudience,
                SchoolParameter = request.SchoolParameter ?? existing.SchoolParameter,
                SchoolNameParameter = request.SchoolNameParameter ?? existing.SchoolNameParameter,
            };
            await connection.ExecuteAsync(_database.Command(UpdateRegistration, new
            {
                saved.Id,
                saved.AuthUrl,
                saved.TokenUrl,
                saved.JwksUrl,
                saved.TokenAudience,
                saved.SchoolParameter,
                saved.SchoolNameParameter,
            }, cancellationToken, transaction));
        }

        foreach (var deploymentId in request.DeploymentIds.Distinct(StringComparer.Ordinal))
        {
            await InsertDeploymentAsync(connection, transaction, saved.Id, deploymentId, DeploymentStatus.Active, now, cancellationToken);
            await connection.ExecuteAsync(_database.Command(
                ActivateDeployment, new { RegistrationId = saved.Id, DeploymentId = deploymentId, Now = now }, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        _cache.Clear();
        return saved;
    }

    /// <summary>
    /// Removes a registration and every record scoped to it. Returns false when none matched.
    /// The registration's evidence files stay on disk; <see cref="RemoveWithEvidenceFilesAsync"/> names them.
    /// </summary>
    public async Task<bool> RemoveAsync(string registrationId, CancellationToken cancellationToken) =>
        await RemoveWithEvidenceFilesAsync(registrationId, cancellationToken) is not null;

    /// <summary>
    /// Removes a registration and every record scoped to it, and returns the keys of the evidence
    /// files its removed revisions named, or null when no registration matched. Delete the files
    /// only after this returns: a removal that fails leaves the rows, which still need their files.
    /// </summary>
    public async Task<IReadOnlyList<string>?> RemoveWithEvidenceFilesAsync(string registrationId, CancellationToken cancellationToken)
    {
        _cache.Clear();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fileKeys = (await connection.QueryAsync<string>(_database.Command(SelectEvidenceFileKeys, new { Id = registrationId }, cancellationToken, transaction))).AsList();
        var removed = 0;
        foreach (var statement in DeleteRegistrationCascade)
        {
            removed = await connection.ExecuteAsync(_database.Command(statement, new { Id = registrationId }, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        _cache.Clear();
        return removed > 0 ? fileKeys : null;
    }

    /// <summary>Returns whether a district with id <paramref name="districtId"/> exists.</summary>
    public async Task<bool> DistrictExistsAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(CountDistrict, new { Id = districtId }, cancellationToken)) > 0;
    }

    /// <summary>Returns the status of a deployment, or null when the registration has never seen it.</summary>
    public async Task<DeploymentStatus?> GetDeploymentStatusAsync(string registrationId, string deploymentId, CancellationToken cancellationToken)
    {
        // Only an active deployment is cached: a pending or unseen one must be seen as approved
        // as soon as an admin approves it.
        var key = $"deployment|{registrationId}|{deploymentId}";
        if (_cache.TryGet(key, out DeploymentStatus? cached))
        {
            return cached;
        }

        var generation = _cache.Generation;
        var status = await LoadDeploymentStatusAsync(registrationId, deploymentId, cancellationToken);
        if (status == DeploymentStatus.Active)
        {
            _cache.Set(key, status, generation);
        }

        return status;
    }

    private async Task<DeploymentStatus?> LoadDeploymentStatusAsync(string registrationId, string deploymentId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var status = await connection.QuerySingleOrDefaultAsync<string>(_database.Command(
            SelectDeploymentStatus, new { RegistrationId = registrationId, DeploymentId = deploymentId }, cancellationToken));
        return status is null ? null : Enum.Parse<DeploymentStatus>(status);
    }

    /// <summary>
    /// Records a deployment seen for the first time in a launch as pending, so a district admin can
    /// approve it. Canvas creates a new deployment id on each install. Login initiation needs no
    /// signature, so anyone can name a deployment: at most <see cref="MaxPendingDeployments"/> are
    /// kept per registration, and further ones are not recorded (their launches are still
    /// rejected). Returns whether the deployment was recorded or already known.
    /// </summary>
    public async Task<bool> RecordPendingDeploymentAsync(string registrationId, string deploymentId, CancellationToken cancellationToken)
    {
        _cache.Clear();
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        var pending = await connection.ExecuteScalarAsync<long>(_database.Command(
            CountPending, new { RegistrationId = registrationId }, cancellationToken));
        if (pending >= MaxPendingDeployments)
        {
            return false;
        }

        await InsertDeploymentAsync(connection, null, registrationId, deploymentId, DeploymentStatus.Pending, now, cancellationToken);
        _cache.Clear();
        return true;
    }

    /// <summary>Approves a deployment, adding it when it was never seen. Returns false when the registration does not exist.</summary>
    public async Task<bool> ApproveDeploymentAsync(string registrationId, string deploymentId, CancellationToken cancellationToken)
    {
        _cache.Clear();
        if (await FindByIdAsync(registrationId, cancellationToken) is null)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertDeploymentAsync(connection, transaction, registrationId, deploymentId, DeploymentStatus.Active, now, cancellationToken);
        await connection.ExecuteAsync(_database.Command(
            ActivateDeployment, new { RegistrationId = registrationId, DeploymentId = deploymentId, Now = now }, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        _cache.Clear();
        return true;
    }

    private Task<int> InsertDeploymentAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string registrationId,
        string deploymentId,
        DeploymentStatus status,
        long now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(_database.Command(InsertDeploymentIfMissing, new
        {
            RegistrationId = registrationId,
            DeploymentId = deploymentId,
            Status = status.ToString(),
            Now = now,
            ApprovedAt = status == DeploymentStatus.Active ? now : (long?)null,
        }, cancellationToken, transaction));

    private sealed record DeploymentRow(string RegistrationId, string DeploymentId, string Status, long FirstSeenAtMs);
}
