using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// The tool on a fresh database of the given provider with the test catalog (modules
/// <c>test-module</c> and <c>other-module</c>). People are created directly in the database and
/// signed in with a session, each test in districts of its own.
/// </summary>
public sealed class PathwaysHost : IAsyncDisposable
{
    private static readonly SqlText InsertUser = SqlText.Portable(
        "INSERT INTO lti_users (id, registration_id, subject, name, email, school_id, created_at_ms, last_launch_at_ms) " +
        "VALUES (@Id, @RegistrationId, @Subject, @Name, @Email, @SchoolId, 0, 0)");

    private static readonly SqlText InsertContext = SqlText.Portable(
        "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, title, created_at_ms, updated_at_ms) VALUES (@Id, @RegistrationId, 'dep-1', @ContextId, @Title, 0, 0)");

    private static readonly SqlText InsertSchool = SqlText.Portable(
        "INSERT INTO lti_schools (registration_id, school_id, name, updated_at_ms) VALUES (@RegistrationId, @SchoolId, @Name, 0)");

    private static readonly SqlText InsertRosterMember = SqlText.Portable(
        "INSERT INTO roster_members (registration_id, context_ref, subject, name, email, roles, role, status, first_seen_at_ms, last_synced_at_ms) " +
        "VALUES (@RegistrationId, @ContextRef, @Subject, @Name, @Email, 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', @Role, @Status, 0, 0)");

    private readonly TestDatabase _database;

    private PathwaysHost(TestDatabase database, WebApplicationFactory<Program> factory)
    {
        _database = database;
        Factory = factory;
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => Factory.Services;

    public Database Database => Services.GetRequiredService<Database>();

    public static async Task<PathwaysHost> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.CreateEmptyAsync(provider, TestContext.Current.CancellationToken);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseTestDatabase(database)
                .UseSetting("Catalog:Path", LearnerAppFixture.CatalogPath)
                .UseSetting("Gamification:PollIntervalSeconds", "1")
                .ConfigureLogging(logging => logging.AddTestOutput());
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        });
        return new PathwaysHost(database, factory);
    }

    /// <summary>Registers a platform in a district of the given name (a new district unless the name was used before).</summary>
    public Task<PlatformRegistration> RegisterAsync(string districtName, string? issuer = null) =>
        Services.GetRequiredService<PlatformRegistry>().SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = issuer ?? $"https://lms-{Guid.NewGuid():N}.example.org",
            ClientId = "client-" + Guid.NewGuid().ToString("N"),
            DeploymentIds = ["dep-1"],
            AuthUrl = "https://lms.example.org/auth",
            TokenUrl = "https://lms.example.org/token",
            JwksUrl = "https://lms.example.org/jwks",
            DistrictName = districtName,
            Source = "test",
        }, TestContext.Current.CancellationToken);

    public async Task<string> AddCourseAsync(PlatformRegistration registration, string title)
    {
        var id = "ctx-" + Guid.NewGuid().ToString("N");
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(Database.Command(InsertContext, new { Id = id, RegistrationId = registration.Id, ContextId = "course-" + id, Title = title }, TestContext.Current.CancellationToken));
        return id;
    }

    public async Task AddSchoolAsync(PlatformRegistration registration, string schoolId, string name)
    {
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(Database.Command(InsertSchool, new { RegistrationId = registration.Id, SchoolId = schoolId, Name = name }, TestContext.Current.CancellationToken));
    }

    /// <summary>Adds a course roster member, as the Names and Roles sync would.</summary>
    public async Task AddRosterMemberAsync(PlatformRegistration registration, string contextRef, string subject, string name, string role = "Learner", string status = "Active")
    {
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(Database.Command(InsertRosterMember, new
        {
            RegistrationId = registration.Id, ContextRef = contextRef, Subject = subject, Name = name, Email = subject + "@example.org", Role = role, Status = status,
        }, TestContext.Current.CancellationToken));
    }

    /// <summary>Creates a user row and a session for them.</summary>
    public async Task<Learner> SignInAsync(
        PlatformRegistration registration, string name, PdRole role = PdRole.Learner, string? schoolId = null, string? contextRef = null, string? subject = null)
    {
        var userId = "user-" + Guid.NewGuid().ToString("N");
        var sessions = Services.GetRequiredService<SessionStore>();
        string sessionId;
        await using (var connection = await Database.OpenAsync(TestContext.Current.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(Database.Command(InsertUser, new
            {
                Id = userId, RegistrationId = registration.Id, Subject = subject ?? "sub-" + userId, Name = name, Email = userId + "@example.org", SchoolId = schoolId,
            }, CancellationToken.None, transaction));
            sessionId = await sessions.CreateAsync(connection, transaction, new NewSession
            {
                RegistrationId = registration.Id,
                DeploymentId = "dep-1",
                UserId = userId,
                ContextId = contextRef,
                Role = role,
                Roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
                MessageType = "LtiResourceLinkRequest",
                LaunchJson = "{}",
                Lifetime = TimeSpan.FromHours(1),
            });
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var session = await sessions.FindAsync(sessionId, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("The session just created was not found.");
        return new Learner(sessionId, session);
    }

    public async Task<HttpResponseMessage> GetAsync(Learner? person, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        AddCookie(request, person);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<IHtmlDocument> GetPageAsync(Learner? person, string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        using var response = await GetAsync(person, path);
        Assert.Equal(expected, response.StatusCode);
        return await ReadPageAsync(response);
    }

    /// <summary>Posts form fields with the person's CSRF token added unless <paramref name="withToken"/> is false.</summary>
    public async Task<HttpResponseMessage> PostAsync(Learner person, string path, IEnumerable<(string Name, string Value)> fields, bool withToken = true)
    {
        var all = fields.Select(field => KeyValuePair.Create(field.Name, field.Value)).ToList();
        if (withToken)
        {
            all.Add(KeyValuePair.Create("csrf_token", person.Session.CsrfToken));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(all) };
        AddCookie(request, person);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a multipart form with the person's CSRF token and one file.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(
        Learner person, string path, IEnumerable<(string Name, string Value)> fields, string? fileField = null, byte[]? file = null, string fileName = "upload.bin")
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(person.Session.CsrfToken), "csrf_token");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (fileField is not null && file is not null)
        {
            content.Add(new ByteArrayContent(file), fileField, fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        AddCookie(request, person);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<IHtmlDocument> ReadPageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>Returns each body row of the table with the given test id as its cell texts joined by spaces.</summary>
    public static List<string> TableRows(IHtmlDocument page, string testId) =>
        page.QuerySelectorAll($"[data-testid={testId}] tbody tr")
            .Select(row => string.Join(' ', row.Children.Select(cell => cell.TextContent)))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static void AddCookie(HttpRequestMessage request, Learner? person)
    {
        if (person is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookies.SessionCookieName}={person.SessionId}");
        }
    }
}
