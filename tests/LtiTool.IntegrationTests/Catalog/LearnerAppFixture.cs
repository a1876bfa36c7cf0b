using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

/// <summary>
/// The tool on a fresh SQLite database with the test catalog (two valid modules and a broken one)
/// and one district video configured. Each test creates its own learners, each in its own
/// registration, so no test depends on another's rows. Learner steps are recorded in memory and
/// written to the embedded LRS; the gamification engine polls every second, and one LRS
/// credential reads the district named <see cref="LrsDistrictName"/>. The district named
/// <see cref="ForwardingDistrictName"/> queues statements for an LRS that is never contacted.
/// </summary>
public sealed class LearnerAppFixture : IAsyncLifetime
{
    public const string ConfiguredVideoUrl = "https://video.example.org/embed/42";
    public const string ConfiguredCaptionsUrl = "https://video.example.org/captions/42.vtt";

    /// <summary>The district whose statements <see cref="LrsKey"/> may read.</summary>
    public const string LrsDistrictName = "Statement Reading District";

    public const string LrsKey = "district-reader";

    public const string LrsSecret = "integration-secret-0002";

    /// <summary>The district with a forwarding LRS configured but turned off, so its statements stay queued.</summary>
    public const string ForwardingDistrictName = "Statement Forwarding District";

    private static readonly SqlText InsertUser = SqlText.Portable(
        "INSERT INTO lti_users (id, registration_id, subject, name, created_at_ms, last_launch_at_ms) VALUES (@Id, @RegistrationId, @Subject, @Name, 0, 0)");

    private static readonly SqlText InsertContext = SqlText.Portable(
        "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, created_at_ms, updated_at_ms) VALUES (@Id, @RegistrationId, 'dep-1', @ContextId, @Title, 0, 0)");

    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;
    private string? _uploadFolder;

    /// <summary>The database the app runs on. Default: SQLite.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The clock of the app, such as a fake time provider a test advances. Default: the system clock.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The temporary folder evidence uploads are stored in, deleted with the fixture.</summary>
    public string UploadFolder => _uploadFolder ?? throw new InvalidOperationException("The fixture is not initialised.");

    public static string CatalogPath => Path.Combine(AppContext.BaseDirectory, "Catalog", "Fixtures", "catalog");

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public HttpClient Client { get; private set; } = null!;

    public InMemoryLearningEventSink Events => Factory.Services.GetRequiredService<InMemoryLearningEventSink>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync(Provider, CancellationToken.None);
        _uploadFolder = Directory.CreateTempSubdirectory("ltipd-evidence-").FullName;
        StartApp();
    }

    /// <summary>Stops the app and starts a new one on the same database, as a restart of the server does.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        StartApp();
    }

    private void StartApp()
    {
        var database = _database ?? throw new InvalidOperationException("The fixture is not initialised.");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseTestDatabase(database)
            .UseSetting("Evidence:UploadFolder", _uploadFolder)
            .UseSetting("Evidence:MaxFileBytes", "65536")
            .UseSetting("Catalog:Path", CatalogPath)
            .UseSetting("Catalog:Videos:configured-video:Url", ConfiguredVideoUrl)
            .UseSetting("Catalog:Videos:configured-video:CaptionsUrl", ConfiguredCaptionsUrl)
            .UseSetting("Gamification:PollIntervalSeconds", "1")
            .UseSetting("Gamification:Badges:PublicBaseUri", "https://localhost/")
            .UseSetting("Lrs:Credentials:0:Key", LrsKey)
            .UseSetting("Lrs:Credentials:0:Secret", LrsSecret)
            .UseSetting("Lrs:Credentials:0:Scopes:0", "statements/read")
            .UseSetting("Lrs:Credentials:0:Tenant", DistrictIds.FromName(LrsDistrictName))
            .UseSetting($"XapiBridge:Forwarding:Districts:{DistrictIds.FromName(ForwardingDistrictName)}:Endpoint", "https://127.0.0.1:9/xapi/")
            .UseSetting($"XapiBridge:Forwarding:Districts:{DistrictIds.FromName(ForwardingDistrictName)}:Enabled", "false")
            .ConfigureTestServices(services => services.Replace(
                ServiceDescriptor.Singleton<ILearningEventSink>(provider => new RecordingLearningEventSink(
                    provider.GetRequiredService<InMemoryLearningEventSink>(), provider.GetRequiredService<XapiLearningEventSink>()))))
            .ConfigureTestServices(UseClock)
            .ConfigureLogging(logging => logging.AddTestOutput()));
        Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    private void UseClock(IServiceCollection services)
    {
        if (Clock is not null)
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(Clock);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_uploadFolder is not null)
        {
            Directory.Delete(_uploadFolder, recursive: true);
        }
    }

    /// <summary>
    /// Registers a new platform with one learner in one course, and signs them in. The platform
    /// belongs to a district of its own unless <paramref name="districtName"/> names one.
    /// </summary>
    /// <remarks>With <paramref name="sameRegistrationAs"/> the new user joins that learner's registration, in a course of their own.</remarks>
    public async Task<Learner> CreateLearnerAsync(string displayName = "Ada Teacher", PdRole role = PdRole.Learner, string? districtName = null, Learner? sameRegistrationAs = null)
    {
        var services = Factory.Services;
        var unique = Guid.NewGuid().ToString("N");
        var registrationId = sameRegistrationAs?.Session.RegistrationId ?? (await services.GetRequiredService<PlatformRegistry>().SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = $"https://lms-{unique}.example.org",
            ClientId = "client-" + unique,
            DeploymentIds = ["dep-1"],
            AuthUrl = "https://lms.example.org/auth",
            TokenUrl = "https://lms.example.org/token",
            JwksUrl = "https://lms.example.org/jwks",
            DistrictName = districtName ?? "District " + unique,
            Source = "test",
        }, CancellationToken.None)).Id;

        var database = services.GetRequiredService<Database>();
        var sessions = services.GetRequiredService<SessionStore>();
        var userId = "user-" + unique;
        var contextId = "context-" + unique;
        string sessionId;
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(database.Command(InsertUser, new { Id = userId, RegistrationId = registrationId, Subject = "sub-" + unique, Name = displayName }, CancellationToken.None, transaction));
            await connection.ExecuteAsync(database.Command(InsertContext, new { Id = contextId, RegistrationId = registrationId, ContextId = sameRegistrationAs is null ? "course-1" : "course-" + unique, Title = "Grade 5 Team PD" }, CancellationToken.None, transaction));
            sessionId = await sessions.CreateAsync(connection, transaction, new NewSession
            {
                RegistrationId = registrationId,
                DeploymentId = "dep-1",
                UserId = userId,
                ContextId = contextId,
                Role = role,
                Roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
                MessageType = "LtiResourceLinkRequest",
                LaunchJson = "{}",
                Lifetime = TimeSpan.FromHours(1),
            });
            await transaction.CommitAsync();
        }

        var session = await sessions.FindAsync(sessionId, CancellationToken.None)
            ?? throw new InvalidOperationException("The session just created was not found.");
        return new Learner(sessionId, session);
    }

    public async Task<HttpResponseMessage> GetAsync(Learner? learner, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        AddCookie(request, learner);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> PostFormAsync(Learner? learner, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        AddCookie(request, learner);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts <paramref name="fields"/> with the learner's own CSRF token added.</summary>
    public Task<HttpResponseMessage> PostWithTokenAsync(Learner learner, string path, params (string Name, string Value)[] fields) =>
        PostFormAsync(learner, path, fields.Select(field => KeyValuePair.Create(field.Name, field.Value)).Append(KeyValuePair.Create("csrf_token", learner.Session.CsrfToken)));

    /// <summary>Posts a multipart form with the learner's own CSRF token unless <paramref name="csrfToken"/> replaces it.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(
        Learner learner, string path, IEnumerable<(string Name, string Value)> fields, (string FileName, byte[] Bytes)? file = null, string? csrfToken = null)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(csrfToken ?? learner.Session.CsrfToken), "csrf_token");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (file is { } upload)
        {
            var part = new ByteArrayContent(upload.Bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", upload.FileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        AddCookie(request, learner);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<IHtmlDocument> ReadPageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new HtmlParser().ParseDocument(html);
    }

    private static void AddCookie(HttpRequestMessage request, Learner? learner)
    {
        if (learner is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookies.SessionCookieName}={learner.SessionId}");
        }
    }
}
