using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class ProgressStoreTests
{
    private static readonly SqlText InsertUser = SqlText.Portable(
        "INSERT INTO lti_users (id, registration_id, subject, created_at_ms, last_launch_at_ms) VALUES (@Id, @RegistrationId, @Id, 0, 0)");

    private static readonly CatalogModule Module = new()
    {
        Id = "module",
        Title = "Module",
        Summary = "Summary",
        Topic = "Topic",
        Audience = ["Teachers"],
        Standards = [new StandardAlignment("F", "1", "T")],
        EstimatedMinutes = 30,
        CreditHours = 1m,
        PointsToComplete = 30,
        ManifestFile = "module/module.yaml",
        Activities = [Activity("read", ActivityKind.Read, 10), Activity("quiz", ActivityKind.Quiz, 20)],
    };

    [Theory]
    [DatabaseData]
    public async Task Record_QuizThenRead_CompletesOnce(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(ProgressStore).Assembly, typeof(Database).Assembly], cancellationToken);
        var (registrationId, userId) = await CreateUserAsync(database.Database, "first", cancellationToken);
        var (otherRegistrationId, otherUserId) = await CreateUserAsync(database.Database, "second", cancellationToken);
        var store = new ProgressStore(database.Database, TimeProvider.System);
        var quiz = Module.Activities[1];
        var read = Module.Activities[0];

        var failed = await store.RecordAsync(registrationId, userId, Module, quiz, new ActivityOutcome(false, 50, "{}"), cancellationToken);
        var passed = await store.RecordAsync(registrationId, userId, Module, quiz, new ActivityOutcome(true, 100, "{}"), cancellationToken);
        var failedAgain = await store.RecordAsync(registrationId, userId, Module, quiz, new ActivityOutcome(false, 0, "{}"), cancellationToken);
        var completed = await store.RecordAsync(registrationId, userId, Module, read, new ActivityOutcome(true), cancellationToken);
        var again = await store.RecordAsync(registrationId, userId, Module, read, new ActivityOutcome(true), cancellationToken);

        Assert.Equal((false, false), (failed.ActivityNewlyDone, failed.ModuleNewlyCompleted));
        Assert.Equal((true, false), (passed.ActivityNewlyDone, passed.ModuleNewlyCompleted));
        Assert.Equal((false, false), (failedAgain.ActivityNewlyDone, failedAgain.ModuleNewlyCompleted));
        Assert.Equal((true, true), (completed.ActivityNewlyDone, completed.ModuleNewlyCompleted));
        Assert.Equal((false, false), (again.ActivityNewlyDone, again.ModuleNewlyCompleted));
        Assert.True(again.Progress.IsComplete);

        var records = await store.ListAsync(registrationId, userId, cancellationToken);
        var quizRecord = records.Single(record => record.ActivityId == "quiz");
        Assert.Equal((ActivityStatus.Done, 3, 0, 100), (quizRecord.Status, quizRecord.Attempts, quizRecord.LastScorePercent, quizRecord.BestScorePercent));
        Assert.Equal(2, records.Single(record => record.ActivityId == "read").Attempts);
        Assert.Equal(30, Assert.Single(await store.ListCompletionsAsync(registrationId, userId, cancellationToken)).PointsEarned);

        Assert.Empty(await store.ListAsync(otherRegistrationId, otherUserId, cancellationToken));
        Assert.Empty(await store.ListAsync(otherRegistrationId, userId, cancellationToken));
        Assert.Empty(await store.ListForModuleAsync(registrationId, otherUserId, "module", cancellationToken));
        Assert.Empty(await store.ListCompletionsAsync(otherRegistrationId, otherUserId, cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task RemoveRegistration_WithProgress_DeletesIt(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(ProgressStore).Assembly, typeof(Database).Assembly], cancellationToken);
        var (registrationId, userId) = await CreateUserAsync(database.Database, "removed", cancellationToken);
        var store = new ProgressStore(database.Database, TimeProvider.System);
        await store.RecordAsync(registrationId, userId, Module, Module.Activities[0], new ActivityOutcome(true), cancellationToken);
        await store.RecordAsync(registrationId, userId, Module, Module.Activities[1], new ActivityOutcome(true, 100), cancellationToken);

        var removed = await new PlatformRegistry(database.Database, TimeProvider.System).RemoveAsync(registrationId, cancellationToken);

        Assert.True(removed);
        Assert.Empty(await store.ListAsync(registrationId, userId, cancellationToken));
        Assert.Empty(await store.ListCompletionsAsync(registrationId, userId, cancellationToken));
    }

    internal static async Task<(string RegistrationId, string UserId)> CreateUserAsync(Database database, string name, CancellationToken cancellationToken)
    {
        var registry = new PlatformRegistry(database, TimeProvider.System);
        var registration = await registry.SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = $"https://{name}.example.org",
            ClientId = name,
            AuthUrl = "https://lms.example.org/auth",
            TokenUrl = "https://lms.example.org/token",
            JwksUrl = "https://lms.example.org/jwks",
            DistrictName = name,
            Source = "test",
        }, cancellationToken);
        var userId = "user-" + name;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(database.Command(InsertUser, new { Id = userId, RegistrationId = registration.Id }, cancellationToken));
        return (registration.Id, userId);
    }

    private static CatalogActivity Activity(string id, ActivityKind kind, int points) => new()
    {
        Id = id,
        Title = id,
        Kind = kind,
        IsRequired = true,
        Points = points,
        EstimatedMinutes = 5,
        BodyHtml = string.Empty,
        SourceFile = $"module/{id}.md",
    };
}
