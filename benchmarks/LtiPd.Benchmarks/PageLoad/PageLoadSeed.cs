using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.PageLoad;

/// <summary>
/// Writes one district into a migrated database: 20 schools and one course whose roster lists
/// every teacher. Each teacher has progress in three modules, and a third of them completed a
/// fourth. A pathway of five modules is assigned to the course. One teacher and one leader get sessions.
/// </summary>
internal static class PageLoadSeed
{
    private const string RegistrationId = "bench-registration";
    private const string DistrictId = "bench-district";
    private const string ContextRef = "bench-course";

    public static async Task<(string Teacher, string Leader, string PathwayId)> RunAsync(
        Database database, IReadOnlyList<CatalogModule> catalog, int teacherCount, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task ExecuteAsync(string sql, object parameters) =>
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

        await ExecuteAsync("INSERT INTO districts (id, name, created_at_ms) VALUES (@Id, 'Benchmark District', 0)", new { Id = DistrictId });
        await ExecuteAsync(
            "INSERT INTO platform_registrations (id, district_id, issuer, client_id, auth_url, token_url, jwks_url, source, created_at_ms) " +
            "VALUES (@Id, @DistrictId, 'https://bench-lms.example.org', 'bench', 'https://bench-lms.example.org/auth', 'https://bench-lms.example.org/token', 'https://bench-lms.example.org/jwks', 'test', 0)",
            new { Id = RegistrationId, DistrictId });
        await ExecuteAsync("INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, created_at_ms, updated_at_ms) VALUES (@Id, @RegistrationId, 'dep-1', 'course-1', 'District PD', 0, 0)",
            new { Id = ContextRef, RegistrationId });
        await ExecuteAsync("INSERT INTO lti_schools (registration_id, school_id, name, updated_at_ms) VALUES (@RegistrationId, @SchoolId, @Name, 0)",
            Enumerable.Range(0, 20).Select(school => new { RegistrationId, SchoolId = $"school-{school}", Name = $"School {school}" }));

        var teachers = Enumerable.Range(0, teacherCount).Select(index => new
        {
            Id = $"teacher-{index}", RegistrationId, Subject = $"sub-{index}", Name = $"Teacher {index}", Email = $"teacher{index}@bench.example.org",
            SchoolId = $"school-{index % 20}", ContextRef,
        }).ToList();
        await ExecuteAsync(
            "INSERT INTO lti_users (id, registration_id, subject, name, email, school_id, created_at_ms, last_launch_at_ms) VALUES (@Id, @RegistrationId, @Subject, @Name, @Email, @SchoolId, 0, 0)",
            teachers);
        await ExecuteAsync(
            "INSERT INTO roster_members (registration_id, context_ref, subject, name, email, roles, role, status, first_seen_at_ms, last_synced_at_ms) " +
            "VALUES (@RegistrationId, @ContextRef, @Subject, @Name, @Email, 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner', 'Active', 0, 0)",
            teachers);

        var modules = catalog.Take(5).ToList();
        var progress = teachers.SelectMany(teacher => modules.Take(3).Select(module => new
        {
            RegistrationId, UserRef = teacher.Id, ModuleId = module.Id, ActivityId = module.Activities[0].Id,
        }));
        await ExecuteAsync(
            "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, first_done_at_ms, updated_at_ms) " +
            "VALUES (@RegistrationId, @UserRef, @ModuleId, @ActivityId, 'Done', 1, 1, 1)",
            progress);
        await ExecuteAsync(
            "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserRef, @ModuleId, 100, 1)",
            teachers.Where((_, index) => index % 3 == 0).Select(teacher => new { RegistrationId, UserRef = teacher.Id, ModuleId = modules[4].Id }));

        const string PathwayId = "pw_bench";
        await ExecuteAsync(
            "INSERT INTO pd_pathways (id, district_id, title, description, recurrence, starts_on, electives_required, archived, created_at_ms, updated_at_ms) " +
            "VALUES (@Id, @DistrictId, 'New teacher pathway', '', 'None', NULL, 1, 0, 0, 0)",
            new { Id = PathwayId, DistrictId });
        await ExecuteAsync(
            "INSERT INTO pd_pathway_modules (pathway_id, district_id, module_id, position, is_required, due_on) VALUES (@PathwayId, @DistrictId, @ModuleId, @Position, @IsRequired, @DueOn)",
            modules.Select((module, index) => new { PathwayId, DistrictId, ModuleId = module.Id, Position = index + 1, IsRequired = index < 3 ? 1 : 0, DueOn = index < 3 ? "2030-06-30" : null }));
        await ExecuteAsync(
            "INSERT INTO pd_pathway_assignments (pathway_id, district_id, kind, registration_id, value) VALUES (@PathwayId, @DistrictId, 'Course', '', @ContextRef)",
            new { PathwayId, DistrictId, ContextRef });
        await ExecuteAsync(
            "INSERT INTO lti_users (id, registration_id, subject, name, created_at_ms, last_launch_at_ms) VALUES ('bench-leader', @RegistrationId, 'leader', 'Bench Leader', 0, 0)",
            new { RegistrationId });

        var sessions = new SessionStore(database, TimeProvider.System);
        var teacherSession = await sessions.CreateAsync(connection, transaction, Session("teacher-0", PdRole.Learner));
        var leaderSession = await sessions.CreateAsync(connection, transaction, Session("bench-leader", PdRole.Instructor));
        await transaction.CommitAsync(cancellationToken);
        return (teacherSession, leaderSession, PathwayId);
    }

    /// <summary>Records progress in the catalog's fourth module for <paramref name="count"/> teachers from <paramref name="first"/>.</summary>
    public static async Task AddProgressAsync(Database database, IReadOnlyList<CatalogModule> catalog, int first, int count, CancellationToken cancellationToken)
    {
        var module = catalog[3];
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, first_done_at_ms, updated_at_ms) " +
            "VALUES (@RegistrationId, @UserRef, @ModuleId, @ActivityId, 'Done', 1, 1, 1)",
            Enumerable.Range(first, count).Select(index => new { RegistrationId, UserRef = $"teacher-{index}", ModuleId = module.Id, ActivityId = module.Activities[0].Id }),
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Moves the due day of the pathway's first module by <paramref name="days"/> days from its
    /// seeded day, as a leader's edit would, and returns when it was made (Unix ms).
    /// </summary>
    public static async Task<long> EditPathwayAsync(Database database, string pathwayId, int days, CancellationToken cancellationToken)
    {
        var dueOn = new DateOnly(2030, 6, 30).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pd_pathway_modules SET due_on = @DueOn WHERE pathway_id = @PathwayId AND position = 1", new { DueOn = dueOn, PathwayId = pathwayId }, cancellationToken: cancellationToken));
        return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>Returns when the pathway's compliance rows were last built (Unix ms), or 0 when they are not built.</summary>
    public static async Task<long> BuiltAtAsync(Database database, string pathwayId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT built_at_ms FROM pd_compliance_builds WHERE pathway_id = @PathwayId", new { PathwayId = pathwayId }, cancellationToken: cancellationToken)) ?? 0;
    }

    private static NewSession Session(string userId, PdRole role) => new()
    {
        RegistrationId = RegistrationId,
        DeploymentId = "dep-1",
        UserId = userId,
        ContextId = ContextRef,
        Role = role,
        Roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        MessageType = "LtiResourceLinkRequest",
        LaunchJson = "{}",
        Lifetime = TimeSpan.FromHours(2),
    };
}
