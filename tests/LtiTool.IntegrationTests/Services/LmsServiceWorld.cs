using Dapper;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Services;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Services;

/// <summary>
/// The tool's service layer over a fresh database, facing a WireMock.Net server on 127.0.0.1 that
/// plays the LMS. One registration, one course, one learner and one PD leader are stored; the
/// clock is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
internal sealed class LmsServiceWorld : IAsyncDisposable
{
    public const string ClientId = "10000000000042";
    public const string ModuleId = "formative-assessment";
    public const string LearnerSubject = "learner-sub-1";
    public const string LeaderSubject = "leader-sub-1";

    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;

    private LmsServiceWorld(TestDatabase database, ServiceProvider services, WireMockServer lms, FakeTimeProvider time, PlatformRegistration registration)
    {
        _database = database;
        _services = services;
        Lms = lms;
        Time = time;
        Registration = registration;
    }

    public WireMockServer Lms { get; }

    public FakeTimeProvider Time { get; }

    public PlatformRegistration Registration { get; }

    public Database Database => _database.Database;

    public IServiceProvider Services => _services;

    public string LmsUrl => Lms.Url!;

    public string ContextRef { get; private set; } = string.Empty;

    public string LearnerId { get; private set; } = string.Empty;

    public string LeaderId { get; private set; } = string.Empty;

    public static CatalogModule Module { get; } = new()
    {
        Id = ModuleId,
        Title = "Formative Assessment in Daily Practice",
        Summary = "s",
        Topic = "Assessment",
        Audience = ["K-12 classroom teachers"],
        Standards = [],
        EstimatedMinutes = 60,
        CreditHours = 1,
        PointsToComplete = 30,
        Activities =
        [
            Activity("intro", required: true, points: 10),
            Activity("practice", required: true, points: 10),
            Activity("apply", required: true, points: 10),
        ],
        ManifestFile = "module.yaml",
    };

    /// <summary>
    /// Creates the world. <paramref name="issuer"/> decides which LMS the tool takes the server for;
    /// the context's AGS and NRPS URLs are the paths given, on the WireMock server.
    /// </summary>
    public static async Task<LmsServiceWorld> CreateAsync(
        DatabaseProvider provider,
        string issuer,
        string? lineItemsPath,
        string? membershipsPath,
        CancellationToken cancellationToken,
        string? tokenAudience = null)
    {
        var database = await TestDatabase.CreateAsync(provider, [typeof(ProgressStore).Assembly, typeof(Database).Assembly, typeof(ParticipantDirectory).Assembly], cancellationToken);
        var lms = LoopbackWireMock.Start();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LtiServices:InitialRetryDelaySeconds"] = "10",
            ["LtiServices:MaxRetryDelaySeconds"] = "600",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddTestOutput())
            .AddSingleton(database.Database)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
            .AddSingleton<PlatformRegistry>()
            .AddSingleton<ToolKeyStore>()
            .AddSingleton<ModuleCatalog>()
            .AddSingleton<ParticipantDirectory>();
        services.AddOptions<LtiOptions>();
        services.AddLtiServices();
        var serviceProvider = services.BuildServiceProvider();

        serviceProvider.GetRequiredService<ModuleCatalog>().Replace(new CatalogLoadResult([Module], [], []));
        await serviceProvider.GetRequiredService<ToolKeyStore>().EnsureCurrentKeyAsync(cancellationToken);
        var registration = await serviceProvider.GetRequiredService<PlatformRegistry>().SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = issuer,
            ClientId = ClientId,
            AuthUrl = lms.Url + "/auth",
            TokenUrl = lms.Url + "/login/oauth2/token",
            JwksUrl = lms.Url + "/jwks",
            TokenAudience = tokenAudience,
            DeploymentIds = ["deployment-1"],
        }, cancellationToken);

        var world = new LmsServiceWorld(database, serviceProvider, lms, time, registration);
        await world.SeedAsync(lineItemsPath, membershipsPath, cancellationToken);
        return world;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Records <paramref name="activityId"/> as done by the learner (or another user) from the course, as a learner page does.</summary>
    public Task<RecordedStep> CompleteActivityAsync(string activityId, CancellationToken cancellationToken, PdRole role = PdRole.Learner, string? userId = null)
    {
        var store = new ProgressStore(Database, Time, _services.GetServices<IProgressObserver>());
        return store.RecordAsync(
            Registration.Id, userId ?? LearnerId, Module, Module.FindActivity(activityId)!, new ActivityOutcome(IsDone: true), new ProgressScope(ContextRef, null, role), cancellationToken);
    }

    /// <summary>Adds a resource link in the course with the given custom parameters and line item URL.</summary>
    public async Task AddResourceLinkAsync(string resourceLinkId, string customJson, string? lineItemUrl, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Database.Command(SqlText.Portable(
            "INSERT INTO lti_resource_links (id, registration_id, deployment_id, context_ref, resource_link_id, title, ags_line_item_url, custom_json, created_at_ms, updated_at_ms) " +
            "VALUES (@Id, @RegistrationId, 'deployment-1', @ContextRef, @ResourceLinkId, 'Formative assessment', @LineItemUrl, @CustomJson, 0, 0)"),
            new { Id = Guid.NewGuid().ToString("N"), RegistrationId = Registration.Id, ContextRef, ResourceLinkId = resourceLinkId, LineItemUrl = lineItemUrl, CustomJson = customJson },
            cancellationToken));
    }

    /// <summary>Returns the outbox rows as (status, error) in id order.</summary>
    public async Task<IReadOnlyList<OutboxRow>> OutboxAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(Database.Command(SqlText.Portable(
            "SELECT id AS Id, score_given AS ScoreGiven, activity_progress AS ActivityProgress, attempts AS Attempts, next_attempt_at_ms AS NextAttemptAtMs, " +
            "delivered_at_ms AS DeliveredAtMs, rejected_at_ms AS RejectedAtMs, last_status AS LastStatus, last_error AS LastError FROM ags_score_outbox ORDER BY id"),
            null, cancellationToken));
        return rows.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Lms.Stop();
        Lms.Dispose();
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task SeedAsync(string? lineItemsPath, string? membershipsPath, CancellationToken cancellationToken)
    {
        ContextRef = Guid.NewGuid().ToString("N");
        LearnerId = Guid.NewGuid().ToString("N");
        LeaderId = Guid.NewGuid().ToString("N");
        await using var connection = await Database.OpenAsync(cancellationToken);
        var insertUser = SqlText.Portable(
            "INSERT INTO lti_users (id, registration_id, subject, created_at_ms, last_launch_at_ms) VALUES (@Id, @RegistrationId, @Subject, 0, 0)");
        await connection.ExecuteAsync(Database.Command(insertUser, new { Id = LearnerId, RegistrationId = Registration.Id, Subject = LearnerSubject }, cancellationToken));
        await connection.ExecuteAsync(Database.Command(insertUser, new { Id = LeaderId, RegistrationId = Registration.Id, Subject = LeaderSubject }, cancellationToken));
        await connection.ExecuteAsync(Database.Command(SqlText.Portable(
            "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, nrps_url, ags_line_items_url, created_at_ms, updated_at_ms) " +
            "VALUES (@Id, @RegistrationId, 'deployment-1', 'course-42', 'PD course', @NrpsUrl, @LineItemsUrl, 0, 0)"),
            new
            {
                Id = ContextRef,
                RegistrationId = Registration.Id,
                NrpsUrl = membershipsPath is null ? null : LmsUrl + membershipsPath,
                LineItemsUrl = lineItemsPath is null ? null : LmsUrl + lineItemsPath,
            },
            cancellationToken));
    }

    private static CatalogActivity Activity(string id, bool required, int points) => new()
    {
        Id = id,
        Title = id,
        Kind = ActivityKind.Read,
        IsRequired = required,
        Points = points,
        EstimatedMinutes = 5,
        BodyHtml = "<p>b</p>",
        SourceFile = id + ".md",
    };

    internal sealed class OutboxRow
    {
        public long Id { get; set; }

        public double? ScoreGiven { get; set; }

        public string ActivityProgress { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public long NextAttemptAtMs { get; set; }

        public long? DeliveredAtMs { get; set; }

        public long? RejectedAtMs { get; set; }

        public int? LastStatus { get; set; }

        public string? LastError { get; set; }
    }
}
