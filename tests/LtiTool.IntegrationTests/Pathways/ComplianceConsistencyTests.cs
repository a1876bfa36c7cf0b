using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Checks that the compliance page and CSV, read from the status table, give what the in-memory
/// evaluation gives for the same district (<see cref="ComplianceService.Rows"/>, grouped and
/// filtered here as the page did before), for every filter. The district is read, then changed
/// by direct writes that only the database triggers can report, then read again.
/// </summary>
public sealed class ComplianceConsistencyTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static readonly SqlText InsertProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts, first_done_at_ms, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, @ModuleId, @CycleStartMs, 'intro', 'Done', 1, 1, 1)");

    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, @ModuleId, @CycleStartMs, 10, @DoneMs)");

    private static readonly SqlText InsertSchoolRoster = SqlText.Portable(
        "INSERT INTO pd_school_roster (registration_id, subject, school_id, imported_at_ms) VALUES (@RegistrationId, @Subject, @SchoolId, 0)");

    private static readonly SqlText InsertMembership = SqlText.Portable(
        "INSERT INTO pd_launch_memberships (registration_id, user_ref, context_ref, role, last_launch_at_ms) VALUES (@RegistrationId, @UserRef, @ContextRef, @Role, 0)");

    [Theory]
    [DatabaseData]
    public async Task Compliance_EveryFilter_MatchesEvaluation(DatabaseProvider provider)
    {
        // Arrange: a district of two registrations, with people placed every way compliance places
        // them. The test runs the build worker's passes itself, so it can assert which path each read takes.
        await using var host = await PathwaysHost.StartAsync(provider, new Dictionary<string, string> { ["Compliance:BackgroundBuilds"] = "false" });
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var district = new SeededDistrict(host);
        await district.SeedAsync();
        var annualStart = Today.AddMonths(-2);
        var pathways = new[]
        {
            await PathwayPagesTests.SaveAsync(host, district.Leader, "Fixed",
                ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", Day(Today.AddDays(30))),
                ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", Day(Today.AddDays(-30))),
                ("assign_course", district.Courses[0]), ("assign_school", $"{district.Main.Id}:oak"), ("assign_role", "Administrator")),
            await PathwayPagesTests.SaveAsync(host, district.Leader, "Annual",
                ("recurrence", "annual"), ("starts_on", Day(annualStart)),
                ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", Day(annualStart.AddDays(20))),
                ("include", "test-module"), ("electives_required", "1"), ("assign_role", "Learner")),
            await PathwayPagesTests.SaveAsync(host, district.Leader, "Everyone",
                ("include", "test-module"), ("required_test-module", "on"), ("include", "other-module"), ("assign_role", "Learner"), ("assign_role", "Instructor")),
        };
        await district.AddWorkAsync(StartMs(annualStart));

        // Act and assert: reads before the worker built evaluate in memory and build nothing. After
        // the worker's pass they read the rows, and a later read evaluates the marked people again.
        await AssertSameAsync(host, district, pathways, expectCurrent: false);
        Assert.Equal(0, await CountBuildsAsync(host));
        Assert.Equal(3, await worker.RunOnceAsync(null, TestContext.Current.CancellationToken));
        await AssertSameAsync(host, district, pathways, expectCurrent: true);
        await district.ChangeAsync(StartMs(annualStart));
        await AssertSameAsync(host, district, pathways, expectCurrent: true);

        // More changes than a read evaluates one by one are left to the worker, which rebuilds
        // the pathway; until then reads evaluate in memory.
        await district.AddRosterAsync(ComplianceStatusStore.MaxIncrementalPeople + 5);
        await AssertSameAsync(host, district, [pathways[0]], expectCurrent: false);
        Assert.Equal(3, await worker.RunOnceAsync(null, TestContext.Current.CancellationToken));
        await AssertSameAsync(host, district, pathways, expectCurrent: true);
    }

    [Theory]
    [InlineData("page=0", "'0'")]
    [InlineData("page=two", "'two'")]
    [InlineData("module=unknown-module", "'unknown-module'")]
    [InlineData("school=oak", "'oak'")]
    [InlineData("course=ctx-elsewhere", "'ctx-elsewhere'")]
    [InlineData("role=Principal", "'Principal'")]
    [InlineData("from=2026-13-01", "'2026-13-01'")]
    [InlineData("from=2026-09-02&to=2026-09-01", "2026-09-02")]
    [InlineData("role=Learner&role=Instructor", "'role'")]
    public async Task Compliance_BadFilter_RejectedNamingValue(string query, string named)
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Bad filter " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Everyone", ("assign_role", "Learner"));

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}&{query}", HttpStatusCode.BadRequest);
        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={id}&{query}");

        Assert.Contains(named, page.QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
    }

    [Fact]
    public async Task Compliance_PeopleList_PagedInNameOrder()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Paging " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Big course");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor, subject: "lee");
        for (var index = 0; index < 120; index++)
        {
            await host.AddRosterMemberAsync(registration, course, "p" + index.ToString("000", CultureInfo.InvariantCulture), "Person " + index.ToString("000", CultureInfo.InvariantCulture));
        }

        await host.AddRosterMemberAsync(registration, course, "adam", "adam lower");
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Learners", ("assign_role", "Learner"));

        var first = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        var third = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}&page=3");

        // 120 people, adam and the leader, whose session carries no launch role and counts as a learner.
        Assert.Equal("People 1 to 50 of 122.", first.QuerySelector("[data-testid=people-count]")!.TextContent);
        Assert.Equal(["adam lower", "Lee Leader", "Person 000"], People(first).Take(3).ToList());
        Assert.Equal("People 101 to 122 of 122.", third.QuerySelector("[data-testid=people-count]")!.TextContent);
        Assert.Equal("Person 119", People(third)[^1]);
        Assert.Equal(["Previous page"], third.QuerySelectorAll("[data-testid=pager] a").Select(link => link.TextContent).ToList());
    }

    // expectCurrent is true when the reads find the stored rows current (after a refresh of the
    // few marked people), false when they evaluate in memory.
    private static async Task AssertSameAsync(PathwaysHost host, SeededDistrict district, IReadOnlyList<string> pathwayIds, bool expectCurrent)
    {
        var store = host.Services.GetRequiredService<PathwayStore>();
        var service = host.Services.GetRequiredService<ComplianceService>();
        var catalog = host.Services.GetRequiredService<ModuleCatalog>();
        var status = host.Services.GetRequiredService<ComplianceStatusStore>();
        foreach (var pathwayId in pathwayIds)
        {
            var pathway = (await store.FindAsync(district.Main.DistrictId, pathwayId, TestContext.Current.CancellationToken))!;
            Assert.Equal(expectCurrent, await status.TryRefreshAsync(district.Main.DistrictId, pathway, TestContext.Current.CancellationToken));
            var data = await service.LoadAsync(district.Main.DistrictId, pathway, TestContext.Current.CancellationToken);
            var rows = service.Rows(data, pathway).ToList();
            foreach (var filter in district.Filters(pathway, catalog))
            {
                var expected = new ExpectedCompliance(rows, data, filter, catalog, pathway);
                var query = $"pathway={Uri.EscapeDataString(pathwayId)}{filter.Query()}";
                var page = await host.GetPageAsync(district.Leader, "/app/compliance?" + query);
                Assert.Equal(expected.Table(ExpectedCompliance.Grouping.School), PathwaysHost.TableRows(page, "by-school"));
                Assert.Equal(expected.Table(ExpectedCompliance.Grouping.Course), PathwaysHost.TableRows(page, "by-course"));
                Assert.Equal(expected.Table(ExpectedCompliance.Grouping.Module), PathwaysHost.TableRows(page, "by-module"));
                Assert.Equal(expected.People().Take(ComplianceReader.PageSize).ToList(), PathwaysHost.TableRows(page, "people"));
                Assert.Equal(expected.CsvLines(), await CsvAsync(host, district.Leader, query));
            }
        }
    }

    private static async Task<long> CountBuildsAsync(PathwaysHost host)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(host.Database.Command(
            SqlText.Portable("SELECT COUNT(*) FROM pd_compliance_builds"), null, TestContext.Current.CancellationToken));
    }

    private static List<string> People(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=people] tbody tr th").Select(cell => cell.TextContent).ToList();

    private static async Task<List<string>> CsvAsync(PathwaysHost host, Learner leader, string query)
    {
        using var csv = await host.GetAsync(leader, "/app/compliance.csv?" + query);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }

    private static long StartMs(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Two registrations of one district: 36 people on course rosters, with launches, with a
    /// school from the user row or from the school roster, and with three roles.
    /// </summary>
    private sealed class SeededDistrict(PathwaysHost host)
    {
        private readonly List<(PlatformRegistration Registration, Learner Person)> _launched = [];

        public PlatformRegistration Main { get; private set; } = null!;

        public PlatformRegistration Second { get; private set; } = null!;

        public Learner Leader { get; private set; } = null!;

        public List<string> Courses { get; } = [];

        public async Task SeedAsync()
        {
            var name = "Consistency " + Guid.NewGuid().ToString("N");
            Main = await host.RegisterAsync(name);
            Second = await host.RegisterAsync(name);
            Assert.Equal(Main.DistrictId, Second.DistrictId);
            Courses.Add(await host.AddCourseAsync(Main, "Grade 3 team"));
            Courses.Add(await host.AddCourseAsync(Main, "Grade 5 team"));
            Courses.Add(await host.AddCourseAsync(Second, "Grade 3 team"));
            await host.AddSchoolAsync(Main, "oak", "Oak Elementary");
            await host.AddSchoolAsync(Main, "elm", "Elm Middle");
            await host.AddSchoolAsync(Second, "oak", "Oak High");
            Leader = await host.SignInAsync(Main, "Lee Leader", PdRole.Instructor, subject: "lee");
            string[] schools = ["oak", "elm", "pine", string.Empty];
            string[] roles = ["Learner", "Learner", "Instructor", "Administrator"];
            for (var index = 0; index < 36; index++)
            {
                var registration = index % 3 == 2 ? Second : Main;
                var subject = "person-" + index.ToString("00", CultureInfo.InvariantCulture);
                var displayName = index % 7 == 0 ? null : $"{(index % 2 == 0 ? "ann" : "Ben")} {35 - index:00}";
                var course = registration == Second ? Courses[2] : Courses[index % 2];
                if (index % 4 != 3)
                {
                    await host.AddRosterMemberAsync(registration, course, subject, displayName ?? subject, roles[index % 4], index % 11 == 5 ? "Inactive" : "Active");
                }

                if (index % 5 == 0 && registration == Main)
                {
                    await host.AddRosterMemberAsync(registration, Courses[1 - (index % 2)], subject, displayName ?? subject);
                }

                if (index % 3 != 1)
                {
                    var school = schools[index % 4];
                    _launched.Add((registration, await host.SignInAsync(registration, displayName ?? subject, schoolId: school.Length == 0 ? null : school, subject: subject)));
                }
                else if (index % 2 == 0)
                {
                    await ExecuteAsync(InsertSchoolRoster, new { RegistrationId = registration.Id, Subject = subject, SchoolId = schools[index % 3] });
                }
            }
        }

        public async Task AddWorkAsync(long annualStartMs)
        {
            for (var index = 0; index < _launched.Count; index++)
            {
                var (registration, person) = _launched[index];
                var key = new { RegistrationId = registration.Id, UserRef = person.Session.UserId };
                if (index % 3 == 0)
                {
                    await ExecuteAsync(InsertProgress, new { key.RegistrationId, key.UserRef, ModuleId = "other-module", CycleStartMs = index % 2 == 0 ? 0 : annualStartMs });
                }

                if (index % 4 == 1)
                {
                    await ExecuteAsync(InsertCompletion, new { key.RegistrationId, key.UserRef, ModuleId = "test-module", CycleStartMs = 0L, DoneMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                }

                if (index % 5 == 2)
                {
                    await ExecuteAsync(InsertCompletion, new { key.RegistrationId, key.UserRef, ModuleId = "other-module", CycleStartMs = annualStartMs, DoneMs = annualStartMs + 1000 });
                }

                if (index % 6 == 4)
                {
                    await ExecuteAsync(InsertMembership, new { key.RegistrationId, key.UserRef, ContextRef = registration == Main ? Courses[0] : string.Empty, Role = "Instructor" });
                }
            }
        }

        /// <summary>Changes progress, completions, rosters, schools and roles with direct SQL, as other parts of the tool would.</summary>
        public async Task ChangeAsync(long annualStartMs)
        {
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var (firstRegistration, first) = _launched[0];
            var (secondRegistration, second) = _launched[1];
            var (thirdRegistration, third) = _launched[2];
            await ExecuteAsync(InsertCompletion, new { RegistrationId = firstRegistration.Id, UserRef = first.Session.UserId, ModuleId = "other-module", CycleStartMs = annualStartMs, DoneMs = nowMs });
            await ExecuteAsync(InsertProgress, new { RegistrationId = secondRegistration.Id, UserRef = second.Session.UserId, ModuleId = "test-module", CycleStartMs = annualStartMs });
            await ExecuteAsync(SqlText.Portable("DELETE FROM catalog_progress WHERE user_ref = @UserRef"), new { UserRef = _launched[3].Person.Session.UserId });
            await ExecuteAsync(SqlText.Portable("UPDATE lti_users SET school_id = 'elm', name = 'Zed Moved' WHERE id = @UserRef"), new { UserRef = third.Session.UserId });
            await ExecuteAsync(InsertMembership, new { RegistrationId = thirdRegistration.Id, UserRef = third.Session.UserId, ContextRef = string.Empty, Role = "Administrator" });
            await ExecuteAsync(SqlText.Portable("UPDATE roster_members SET status = 'Inactive' WHERE registration_id = @RegistrationId AND subject = 'person-04'"), new { RegistrationId = Main.Id });
            await ExecuteAsync(SqlText.Portable("UPDATE roster_members SET status = 'Active' WHERE registration_id = @RegistrationId AND subject = 'person-05'"), new { RegistrationId = Second.Id });
            await ExecuteAsync(SqlText.Portable("UPDATE pd_school_roster SET school_id = 'oak' WHERE registration_id = @RegistrationId"), new { RegistrationId = Main.Id });
            await host.AddRosterMemberAsync(Main, Courses[1], "newcomer", "Nia Newcomer");
            Assert.True(await host.Services.GetRequiredService<PathwayStore>().TryRecordCompletionAsync(
                Main.DistrictId, (await host.Services.GetRequiredService<PathwayStore>().ListAsync(Main.DistrictId, includeArchived: true, TestContext.Current.CancellationToken)).Single(pathway => pathway.Title == "Everyone").Id,
                _launched[4].Person.Session.UserId, 0, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));
        }

        public async Task AddRosterAsync(int count)
        {
            await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
            await connection.ExecuteAsync(host.Database.Command(
                SqlText.Portable(
                    "INSERT INTO roster_members (registration_id, context_ref, subject, name, email, roles, role, status, first_seen_at_ms, last_synced_at_ms) " +
                    "VALUES (@RegistrationId, @ContextRef, @Subject, @Name, NULL, 'Learner', 'Learner', 'Active', 0, 0)"),
                Enumerable.Range(0, count).Select(index => new
                {
                    RegistrationId = Main.Id, ContextRef = Courses[0], Subject = $"bulk-{index:0000}", Name = $"Bulk {index:0000}",
                }),
                TestContext.Current.CancellationToken));
        }

        /// <summary>Returns the filters to compare: none, each value of each filter, and one combination.</summary>
        public IEnumerable<FilterCase> Filters(Pathway pathway, ModuleCatalog catalog)
        {
            var required = pathway.Modules.Where(module => module.IsRequired && catalog.Find(module.ModuleId) is not null).Select(module => module.ModuleId).ToList();
            yield return new FilterCase();
            foreach (var module in required)
            {
                yield return new FilterCase { ModuleId = module };
            }

            foreach (var school in new[] { $"{Main.Id}:oak", $"{Second.Id}:oak", $"{Main.Id}:elm", ComplianceFilter.None })
            {
                yield return new FilterCase { School = school };
            }

            foreach (var course in new[] { Courses[0], Courses[2], ComplianceFilter.None })
            {
                yield return new FilterCase { Course = course };
            }

            foreach (var role in Enum.GetValues<PdRole>())
            {
                yield return new FilterCase { Role = role };
            }

            yield return new FilterCase { From = Today };
            yield return new FilterCase { To = Today };
            yield return new FilterCase { ModuleId = required[^1], Course = Courses[1], Role = PdRole.Learner, From = Today.AddYears(-1), To = Today.AddYears(1) };
        }

        private async Task ExecuteAsync(SqlText sql, object parameters)
        {
            await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
            await connection.ExecuteAsync(host.Database.Command(sql, parameters, TestContext.Current.CancellationToken));
        }
    }
}
