using System.Net;
using System.Text.Json;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// A person whose data a district admin deleted leaves the compliance page and CSV, although
/// the course roster still lists them, and comes back only when they launch again.
/// </summary>
public sealed class ComplianceErasureTests
{
    private static readonly Dictionary<string, string> WorkerOff = new() { ["Compliance:BackgroundBuilds"] = "false" };

    [Theory]
    [DatabaseData]
    public async Task Compliance_ErasedPerson_LeavesPageAndCsv(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, WorkerOff);
        var world = await SeedAsync(host);
        Assert.Contains(world.Ada, await CsvSubjectsAsync(host, world));

        using var deleted = await host.PostAsync(world.Admin, "/app/admin/privacy/delete", [("subject", world.Ada), ("confirm", "yes")]);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var page = await host.GetPageAsync(world.Admin, $"/app/compliance?pathway={world.PathwayId}");
        var afterDeletion = await CsvSubjectsAsync(host, world);

        Assert.DoesNotContain(world.Ada, afterDeletion);
        Assert.Contains(world.Grace, afterDeletion);
        Assert.Equal(["Grade 5 team 0 0 0 1 1"], PathwaysHost.TableRows(page, "by-course"));
        Assert.Equal("People 1 to 1 of 1.", page.QuerySelector("[data-testid=people-count]")!.TextContent);
    }

    [Theory]
    [DatabaseData]
    public async Task Compliance_ErasedPersonLaunchesAgain_Returns(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, WorkerOff);
        var world = await SeedAsync(host);
        Assert.Contains(world.Ada, await CsvSubjectsAsync(host, world));
        using (var deleted = await host.PostAsync(world.Admin, "/app/admin/privacy/delete", [("subject", world.Ada), ("confirm", "yes")]))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.DoesNotContain(world.Ada, await CsvSubjectsAsync(host, world));

        await RelaunchAsync(host, world.Registration, world.Ada);

        Assert.Contains(world.Ada, await CsvSubjectsAsync(host, world));
    }

    // One course with Ada and Grace on its roster, both overdue on a pathway of the course, an
    // admin, and the status rows built, as the worker would build them.
    private static async Task<World> SeedAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Erasure " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Grade 5 team");
        var admin = await host.SignInAsync(registration, "Ann Admin", PdRole.Administrator);
        await host.SignInAsync(registration, "Ada Teacher", contextRef: course, subject: "ada");
        await host.AddRosterMemberAsync(registration, course, "ada", "Ada Teacher");
        await host.AddRosterMemberAsync(registration, course, "grace", "Grace Teacher");
        var id = await PathwayPagesTests.SaveAsync(host, admin, "Overdue for everyone",
            ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", "2020-01-15"), ("assign_course", course));
        var pathway = await host.Services.GetRequiredService<PathwayStore>().FindAsync(registration.DistrictId, id, TestContext.Current.CancellationToken);
        await host.Services.GetRequiredService<ComplianceStatusStore>().BuildAsync(registration.DistrictId, pathway!, TestContext.Current.CancellationToken);
        return new World(registration, admin, id, "ada", "grace");
    }

    private static async Task<List<string>> CsvSubjectsAsync(PathwaysHost host, World world)
    {
        using var csv = await host.GetAsync(world.Admin, $"/app/compliance.csv?pathway={world.PathwayId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var subject = Array.IndexOf(lines[0].Split(','), "subject");
        return lines.Skip(1).Select(line => line.Split(',')[subject]).Distinct(StringComparer.Ordinal).ToList();
    }

    // The launch's user upsert, as a real launch of the person runs it.
    private static async Task RelaunchAsync(PathwaysHost host, PlatformRegistration registration, string subject)
    {
        using var payload = JsonDocument.Parse($$"""{ "sub": "{{subject}}", "name": "Ada Teacher", "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "dep-1" }""");
        var request = LtiRequest.Parse(payload.RootElement);
        var recorder = host.Services.GetRequiredService<LaunchRecorder>();
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await recorder.RecordAsync(connection, transaction, registration.Id, request, DateTimeOffset.UtcNow);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    private sealed record World(PlatformRegistration Registration, Learner Admin, string PathwayId, string Ada, string Grace);
}
