using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.XapiBridge.Tests.Forwarding;

public sealed class OutboxDeliveryWorkerTests
{
    [Fact]
    public async Task ExecuteAsync_QueuedStatement_DeliversAndStopsCleanly()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Lrs.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(request =>
            {
                received.TrySetResult();
                return "[]";
            }));
        await fixture.EnqueueAsync("worker-1");
        using var worker = new OutboxDeliveryWorker(
            fixture.Deliverer,
            new StaticMonitor(fixture.Options),
            fixture.Time,
            NullLogger<OutboxDeliveryWorker>.Instance);

        await worker.StartAsync(TestContext.Current.CancellationToken);
        // The first pass runs at once. The 30 seconds guard against a hang; nothing is timed.
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await WaitUntilDeliveredAsync(fixture).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await worker.StopAsync(TestContext.Current.CancellationToken);

        var row = Assert.Single(await fixture.ReadRowsAsync());
        Assert.NotNull(row.DeliveredAtMs);
        Assert.Null(row.LeaseOwner);
    }

    private static async Task WaitUntilDeliveredAsync(OutboxFixture fixture)
    {
        // The LRS has responded, and the worker records the outcome right after.
        while ((await fixture.ReadRowsAsync()).Any(row => row.DeliveredAtMs is null))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed class StaticMonitor(XapiForwardingOptions options) : IOptionsMonitor<XapiForwardingOptions>
    {
        public XapiForwardingOptions CurrentValue => options;

        public XapiForwardingOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<XapiForwardingOptions, string?> listener) => null;
    }
}
