using System.Net;
using System.Text;
using Dapper;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Schools;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

public sealed class SchoolsTests
{
    private static readonly SqlText SelectUserSchool = SqlText.Portable("SELECT school_id FROM lti_users WHERE id = @Id");

    private static readonly SqlText SelectSchools = SqlText.Portable(
        "SELECT school_id AS SchoolId, name AS Name FROM lti_schools WHERE registration_id = @RegistrationId ORDER BY school_id");

    private static readonly SqlText CountRoster = SqlText.Portable("SELECT COUNT(*) FROM pd_school_roster WHERE registration_id = @RegistrationId");

    private static readonly SqlText SelectParticipantSchool = SqlText.Portable(
        "SELECT school_id FROM gamification_participants WHERE tenant_id = @TenantId AND account_name = @AccountName");

    [Theory]
    [DatabaseData]
    public async Task RosterImport_ValidFile_SetsSchools(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Roster District " + Guid.NewGuid().ToString("N"));
        var admin = await host.SignInAsync(registration, "Ada Admin", PdRole.Administrator);
        var teacher = await host.SignInAsync(registration, "Tia Teacher", subject: "tia");
        await host.Services.GetRequiredService<ParticipantDirectory>().SaveAsync(registration.DistrictId, new ParticipantProfile
        {
            HomePage = registration.Issuer, AccountName = "tia", Role = ParticipantRole.Teacher,
        }, TestContext.Current.CancellationToken);
        var csv = "subject,school_id,school_name,email\ntia,s-1,\"Maple, Elementary\",tia@example.org\nnot-launched-yet,s-1,,\nbo,s-2,Birch Middle,\n";

        using var response = await host.PostMultipartAsync(admin, "/app/settings/schools", [], "roster", Encoding.UTF8.GetBytes(csv), "roster.csv");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/app/settings?saved=roster&rows=3#schools", response.Headers.Location!.OriginalString);
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("s-1", await connection.ExecuteScalarAsync<string>(host.Database.Command(SelectUserSchool, new { Id = teacher.Session.UserId }, TestContext.Current.CancellationToken)));
        var schools = (await connection.QueryAsync<(string SchoolId, string Name)>(host.Database.Command(SelectSchools, new { RegistrationId = registration.Id }, TestContext.Current.CancellationToken))).ToList();
        Assert.Equal([("s-1", "Maple, Elementary"), ("s-2", "Birch Middle")], schools);
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>(host.Database.Command(CountRoster, new { RegistrationId = registration.Id }, TestContext.Current.CancellationToken)));
        Assert.Equal("s-1", await connection.ExecuteScalarAsync<string>(host.Database.Command(
            SelectParticipantSchool, new { TenantId = registration.DistrictId, AccountName = "tia" }, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task RosterImport_BadRows_ImportsNothing()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Bad Roster District " + Guid.NewGuid().ToString("N"));
        var admin = await host.SignInAsync(registration, "Ada Admin", PdRole.Administrator);
        var csv = "subject,school_id,school_name\nok,s-1,Maple\n,s-1,\ndup,s-2,Birch\ndup,s-2,\nx,s-1,Oak\ny,,Pine\n";

        using var response = await host.PostMultipartAsync(admin, "/app/settings/schools", [], "roster", Encoding.UTF8.GetBytes(csv), "roster.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await PathwaysHost.ReadPageAsync(response)).QuerySelectorAll("[data-testid=roster-problems] li").Select(item => item.TextContent).ToList();
        Assert.Equal(
        [
            "line 3, subject: The subject is empty. Every row needs one.",
            "line 5, subject: Subject 'dup' is already on line 4. List each person once.",
            "line 6, school_name: School 's-1' is named 'Maple' on line 2 but 'Oak' here. Use one name per school.",
            "line 7, school_id: The school_id is empty. Every row needs one.",
        ], problems);
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(host.Database.Command(CountRoster, new { RegistrationId = registration.Id }, TestContext.Current.CancellationToken)));
        Assert.Empty(await host.Services.GetRequiredService<SchoolDirectory>().ListAsync(registration.DistrictId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RosterImport_LeaderNotAdmin_Forbidden()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Roster Access District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);

        using var response = await host.PostMultipartAsync(leader, "/app/settings/schools", [], "roster", "subject,school_id,school_name\na,s,S\n"u8.ToArray(), "roster.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SchoolCommand_ImportAndList()
    {
        await using var runner = await CommandLineRunner.CreateAsync(requireHttps: false);
        await runner.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(TestContext.Current.CancellationToken);
        var registration = await runner.Services.GetRequiredService<PlatformRegistry>().SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = "https://cli-school.example.org", ClientId = "c1", DeploymentIds = ["d1"], AuthUrl = "https://cli-school.example.org/auth",
            TokenUrl = "https://cli-school.example.org/token", JwksUrl = "https://cli-school.example.org/jwks", DistrictName = "CLI District", Source = "test",
        }, TestContext.Current.CancellationToken);
        var good = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        var bad = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, "subject,school_id,school_name\nu1,s-9,Cedar High\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(bad, "subject,school\nu1,s-9\n", TestContext.Current.CancellationToken);
        try
        {
            var imported = await runner.RunAsync("school", "import", "--registration", registration.Id, good);
            var rejected = await runner.RunAsync("school", "import", "--registration", registration.Id, bad);
            var unknown = await runner.RunAsync("school", "import", "--registration", "no-such-registration", good);
            var listed = await runner.RunAsync("school", "list", "--registration", registration.Id);

            Assert.Equal(0, imported.ExitCode);
            Assert.Equal($"Imported 1 roster rows for registration {registration.Id}.", imported.Output.Trim());
            Assert.Equal(1, rejected.ExitCode);
            Assert.Contains("line 1, school_id: The header has no 'school_id' column.", rejected.Error, StringComparison.Ordinal);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("Registration 'no-such-registration' was not found.", unknown.Error, StringComparison.Ordinal);
            Assert.Equal($"{registration.Id}  s-9  Cedar High", listed.Output.Trim());
        }
        finally
        {
            File.Delete(good);
            File.Delete(bad);
        }
    }

    [Theory]
    [InlineData("S-12", "S-12")]
    [InlineData("  S-12  ", "S-12")]
    [InlineData("$Canvas.account.id", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void LaunchSchoolMapping_ParameterValue_ResolvedOrIgnored(string? value, string? expected)
    {
        var options = new LtiOptions
        {
            Platforms = [new PlatformOptions { Issuer = "https://canvas.example.org", ClientId = "10", SchoolParameter = "school_id", SchoolNameParameter = "school_name" }],
        };
        var mapping = new LaunchSchoolMapping(new FixedOptionsMonitor<LtiOptions>(options));
        var registration = new PlatformRegistration
        {
            Id = "r1", DistrictId = "d1", Issuer = "https://canvas.example.org", ClientId = "10", AuthUrl = "https://a", TokenUrl = "https://t", JwksUrl = "https://j",
        };
        var custom = new Dictionary<string, string> { ["school_name"] = "$Canvas.account.name" };
        if (value is not null)
        {
            custom["school_id"] = value;
        }

        var school = mapping.Resolve(registration, custom);

        Assert.Equal(expected, school?.SchoolId);
        if (school is not null)
        {
            Assert.Null(school.Name);
        }

        var other = registration with { ClientId = "11" };
        Assert.Null(mapping.Resolve(other, new Dictionary<string, string> { ["school_id"] = "S-12" }));
    }
}
