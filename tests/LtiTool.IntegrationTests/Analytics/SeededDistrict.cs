using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Profile;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// One district of its own in a <see cref="DashboardHost"/>: a registration, schools, a course,
/// people with roster roles, sessions, and PD profile statements stored in the embedded LRS.
/// </summary>
public sealed class SeededDistrict
{
    public const string ActivityBase = "https://pd.test.example";

    private static readonly SqlText InsertUser = SqlText.Portable(
        "INSERT INTO lti_users (id, registration_id, subject, name, school_id, created_at_ms, last_launch_at_ms) VALUES (@Id, @RegistrationId, @Subject, @Name, @SchoolId, 0, 0)");

    private static readonly SqlText InsertSchool = SqlText.Portable(
        "INSERT INTO lti_schools (registration_id, school_id, name, updated_at_ms) VALUES (@RegistrationId, @SchoolId, @Name, 0)");

    private static readonly SqlText InsertContext = SqlText.Portable(
        "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, created_at_ms, updated_at_ms) VALUES (@Id, @RegistrationId, 'dep-1', @ContextId, @Title, 0, 0)");

    private static readonly SqlText InsertRosterMember = SqlText.Portable(
        "INSERT INTO roster_members (registration_id, context_ref, subject, roles, role, status, first_seen_at_ms, last_synced_at_ms) " +
        "VALUES (@RegistrationId, @ContextRef, @Subject, 'role-uri', @Role, 'Active', 0, 0)");

    private readonly DashboardHost _host;
    private readonly PdStatements _statements = new(new PdStatementsOptions { ActivityBaseIri = new Uri(ActivityBase) });
    private int _eventCounter;

    private SeededDistrict(DashboardHost host, string registrationId, string issuer, string districtId, string unique)
    {
        _host = host;
        RegistrationId = registrationId;
        Issuer = issuer;
        DistrictId = districtId;
        Unique = unique;
        CourseId = "course-" + unique;
    }

    public string RegistrationId { get; }

    public string Issuer { get; }

    public string DistrictId { get; }

    public string Unique { get; }

    /// <summary>Our id of the district's one course.</summary>
    public string CourseId { get; }

    public static async Task<SeededDistrict> CreateAsync(DashboardHost host)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var issuer = $"https://lms-{unique}.example.org";
        var registration = await host.Services.GetRequiredService<PlatformRegistry>().SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = issuer,
            ClientId = "client-" + unique,
            DeploymentIds = ["dep-1"],
            AuthUrl = "https://lms.example.org/auth",
            TokenUrl = "https://lms.example.org/token",
            JwksUrl = "https://lms.example.org/jwks",
            DistrictName = "District " + unique,
            Source = "test",
        }, TestContext.Current.CancellationToken);
        var district = new SeededDistrict(host, registration.Id, issuer, DistrictIds.FromName("District " + unique), unique);
        await district.ExecuteAsync(InsertContext, new { Id = district.CourseId, RegistrationId = registration.Id, ContextId = "lti-course-1", Title = "Grade 5 Team PD" });
        return district;
    }

    public Task AddSchoolAsync(string schoolId, string name) =>
        ExecuteAsync(InsertSchool, new { RegistrationId, SchoolId = schoolId, Name = name });

    /// <summary>Adds a person with a roster role in the course and returns their LTI sub.</summary>
    public async Task<string> AddPersonAsync(string key, string name, string? schoolId, PdRole role)
    {
        var subject = $"sub-{key}-{Unique}";
        await ExecuteAsync(InsertUser, new { Id = UserId(key), RegistrationId, Subject = subject, Name = name, SchoolId = schoolId });
        await ExecuteAsync(InsertRosterMember, new { RegistrationId, ContextRef = CourseId, Subject = subject, Role = role.ToString() });
        return subject;
    }

    public string UserId(string key) => $"user-{key}-{Unique}";

    public PdPerson Person(string key) => new(Issuer, $"sub-{key}-{Unique}");

    /// <summary>Signs in the person with <paramref name="role"/> and returns the session cookie value.</summary>
    public async Task<string> SignInAsync(string key, PdRole role)
    {
        var services = _host.Services;
        var database = services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var sessionId = await services.GetRequiredService<SessionStore>().CreateAsync(connection, transaction, new NewSession
        {
            RegistrationId = RegistrationId,
            DeploymentId = "dep-1",
            UserId = UserId(key),
            ContextId = CourseId,
            Role = role,
            Roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
            MessageType = "LtiResourceLinkRequest",
            LaunchJson = "{}",
            Lifetime = TimeSpan.FromHours(1),
        });
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        return sessionId;
    }

    public PdEventContext Context(string? moduleId, string? moduleName, DateTimeOffset at) => new()
    {
        DistrictId = DistrictId,
        Registration = Guid.NewGuid(),
        CourseId = CourseId,
        CourseName = "Grade 5 Team PD",
        ModuleId = moduleId,
        ModuleName = moduleName,
        Timestamp = at,
    };

    public Task<Guid> LaunchedAsync(string key, string moduleId, DateTimeOffset at, string? moduleName = null) =>
        StoreAsync(_statements.Launched(NextEventId(), Person(key), Context(moduleId, moduleName, at)));

    public Task<Guid> ExperiencedAsync(string key, string moduleId, DateTimeOffset at) =>
        StoreAsync(_statements.Experienced(NextEventId(), Person(key), Context(moduleId, null, at), $"{moduleId}.intro", "Intro"));

    public Task<Guid> CompletedAsync(string key, string moduleId, DateTimeOffset at) =>
        StoreAsync(_statements.Completed(NextEventId(), Person(key), Context(moduleId, null, at), PdCompletionScope.Module));

    /// <summary>Stores a submission of evidence <paramref name="evidenceKey"/> and returns the event id reviews refer to.</summary>
    public async Task<string> SubmittedAsync(string key, string moduleId, string evidenceKey, DateTimeOffset at)
    {
        var eventId = NextEventId();
        await StoreAsync(_statements.SubmittedEvidence(eventId, Person(key), Context(moduleId, null, at), Evidence(evidenceKey)));
        return eventId;
    }

    public Task<Guid> ReviewedAsync(string reviewerKey, string learnerKey, string moduleId, string evidenceKey, string submittedEventId, bool approved, DateTimeOffset at) =>
        StoreAsync(_statements.ReviewedEvidence(NextEventId(), Person(reviewerKey), Person(learnerKey), Context(moduleId, null, at), Evidence(evidenceKey), submittedEventId, approved, "Thanks"));

    public Task<Guid> EarnedPointsAsync(string key, int points, int total, DateTimeOffset at) =>
        StoreAsync(_statements.EarnedPoints(NextEventId(), Person(key), Context(null, null, at), points, total, "module-completed"));

    public Task<Guid> ReachedLevelAsync(string key, int level, DateTimeOffset at) =>
        StoreAsync(_statements.ReachedLevel(NextEventId(), Person(key), Context(null, null, at), level, $"Level {level}"));

    private PdEvidence Evidence(string evidenceKey) => new($"{evidenceKey}-{Unique}", "Lesson plan");

    private string NextEventId() => $"event-{Unique}-{Interlocked.Increment(ref _eventCounter)}";

    /// <summary>Voids the statement <paramref name="statementId"/> with a voiding statement by <paramref name="key"/> (xAPI 1.0.3 Data 2.3.2).</summary>
    public async Task VoidAsync(string key, Guid statementId, DateTimeOffset at)
    {
        var person = Person(key);
        var json = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["actor"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = person.PlatformIssuer, ["name"] = person.Subject } },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided", ["display"] = new JsonObject { ["en-US"] = "voided" } },
            ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = statementId.ToString() },
            ["timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        await StoreJsonAsync(json);
    }

    private async Task<Guid> StoreAsync(Statement statement)
    {
        await StoreJsonAsync(JsonNode.Parse(XapiJson.Serialize(statement))!);
        return statement.Id!.Value;
    }

    private async Task StoreJsonAsync(JsonNode json)
    {
        var stored = await _host.Services.GetRequiredService<EmbeddedLrsClient>().StoreStatementsAsync(DistrictId, json, TestContext.Current.CancellationToken);
        Assert.True(stored.Succeeded, stored.Succeeded ? null : $"The LRS rejected a seeded statement: {stored.Error.Code} {stored.Error.Detail}");
    }

    private async Task ExecuteAsync(SqlText sql, object parameters)
    {
        var database = _host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(database.Command(sql, parameters, TestContext.Current.CancellationToken));
    }
}
