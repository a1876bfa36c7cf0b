using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class ActivityTimeStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [DatabaseData]
    public async Task MeasureStep_SecondOpenLater_CountsFromFirstOpen(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(ActivityTimeStore).Assembly, typeof(Database).Assembly], cancellationToken);
        var (registrationId, userId) = await ProgressStoreTests.CreateUserAsync(database.Database, "opens", cancellationToken);
        var clock = new FakeTimeProvider(Monday);
        var store = Store(database.Database, clock, capMinutes: 120);

        await store.RecordOpenAsync(registrationId, userId, "module", 0, "read", cancellationToken);
        clock.Advance(TimeSpan.FromMinutes(3));
        await store.RecordOpenAsync(registrationId, userId, "module", 0, "read", cancellationToken);
        var duration = await MeasureAsync(database.Database, store, registrationId, userId, "read", cycleStartMs: 0, Monday.AddSeconds(250), cancellationToken);
        var otherCycle = await MeasureAsync(database.Database, store, registrationId, userId, "read", cycleStartMs: 1, Monday.AddSeconds(250), cancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(250), duration);
        Assert.Null(otherCycle);
    }

    [Theory]
    [DatabaseData]
    public async Task MeasureStep_MondayToFriday_ReportsCap(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(ActivityTimeStore).Assembly, typeof(Database).Assembly], cancellationToken);
        var (registrationId, userId) = await ProgressStoreTests.CreateUserAsync(database.Database, "gap", cancellationToken);
        var store = Store(database.Database, new FakeTimeProvider(Monday), capMinutes: 120);
        await store.RecordOpenAsync(registrationId, userId, "module", 0, "read", cancellationToken);

        var friday = await MeasureAsync(database.Database, store, registrationId, userId, "read", cycleStartMs: 0, Monday.AddDays(4), cancellationToken);
        var clockStepBack = await MeasureAsync(database.Database, store, registrationId, userId, "read", cycleStartMs: 0, Monday.AddSeconds(-5), cancellationToken);

        Assert.Equal(TimeSpan.FromHours(2), friday);
        Assert.Equal(TimeSpan.Zero, clockStepBack);
    }

    [Theory]
    [DatabaseData]
    public async Task SumModule_LastReportPerActivity_AddsUpOwnRowsOnly(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(ActivityTimeStore).Assembly, typeof(Database).Assembly], cancellationToken);
        var (registrationId, userId) = await ProgressStoreTests.CreateUserAsync(database.Database, "sum", cancellationToken);
        var (otherRegistrationId, otherUserId) = await ProgressStoreTests.CreateUserAsync(database.Database, "other", cancellationToken);
        var store = Store(database.Database, new FakeTimeProvider(Monday), capMinutes: 120);
        await store.RecordOpenAsync(registrationId, userId, "module", 0, "read", cancellationToken);
        await store.RecordOpenAsync(registrationId, userId, "module", 0, "quiz", cancellationToken);
        await store.RecordOpenAsync(registrationId, userId, "module", 0, "never-done", cancellationToken);
        await store.RecordOpenAsync(otherRegistrationId, otherUserId, "module", 0, "read", cancellationToken);
        await MeasureAsync(database.Database, store, registrationId, userId, "read", cycleStartMs: 0, Monday.AddSeconds(90), cancellationToken);
        await MeasureAsync(database.Database, store, registrationId, userId, "quiz", cycleStartMs: 0, Monday.AddSeconds(60), cancellationToken);
        await MeasureAsync(database.Database, store, registrationId, userId, "quiz", cycleStartMs: 0, Monday.AddSeconds(200), cancellationToken);
        await MeasureAsync(database.Database, store, otherRegistrationId, otherUserId, "read", cycleStartMs: 0, Monday.AddSeconds(999), cancellationToken);

        await using var connection = await database.Database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sum = await store.SumModuleAsync(connection, transaction, registrationId, userId, "module", 0, cancellationToken);
        var none = await store.SumModuleAsync(connection, transaction, registrationId, userId, "other-module", 0, cancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(290), sum);
        Assert.Null(none);
    }

    private static ActivityTimeStore Store(Database database, TimeProvider clock, int capMinutes) =>
        new(database, clock, Options.Create(new CatalogOptions { ActivityDurationCapMinutes = capMinutes }));

    private static async Task<TimeSpan?> MeasureAsync(
        Database database, ActivityTimeStore store, string registrationId, string userId, string activityId, long cycleStartMs, DateTimeOffset stepAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var duration = await store.MeasureStepAsync(connection, transaction, registrationId, userId, "module", cycleStartMs, activityId, stepAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return duration;
    }
}
