using System.Globalization;
using System.Net;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Pins what the compliance page and its CSV report on a district with several schools, courses,
/// roles and states, a fixed pathway and an annual one with last cycle's work, so a change in how
/// compliance is computed must give the same results.
/// </summary>
public sealed class ComplianceResultsTests
{
    private static readonly DateOnly CycleStart = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
    private static readonly long CurrentCycleMs = StartMs(CycleStart);
    private static readonly long LastCycleMs = StartMs(CycleStart.AddYears(-1));
    private static readonly long LastYearDoneMs = LastCycleMs + (long)TimeSpan.FromDays(40).TotalMilliseconds;

    private static readonly SqlText InsertProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts, first_done_at_ms, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, @ModuleId, @CycleStartMs, 'intro', 'Done', 1, @DoneMs, @DoneMs)");

    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, @ModuleId, @CycleStartMs, 10, @DoneMs)");

    [Theory]
    [DatabaseData]
    public async Task Compliance_VariedDistrict_SameCountsAndCsv(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var suffix = Guid.NewGuid().ToString("N");
        var registration = await host.RegisterAsync("Varied District " + suffix);
        var third = await host.AddCourseAsync(registration, "Grade 3 team");
        var fifth = await host.AddCourseAsync(registration, "Grade 5 team");
        await host.AddSchoolAsync(registration, "oak", "Oak Elementary");
        await host.AddSchoolAsync(registration, "elm", "Elm Middle");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor, subject: "lee");

        // Dana and Eve finish other-module now, and Eve is placed by school only. Sid has progress
        // of cycle 0 in both modules. Tia finished other-module last cycle and started test-module in this one.
        var dana = await host.SignInAsync(registration, "Dana Done", schoolId: "oak", contextRef: third, subject: "dana");
        var sid = await host.SignInAsync(registration, "Sid Started", schoolId: "elm", subject: "sid");
        var tia = await host.SignInAsync(registration, "Tia Teacher", schoolId: "oak", contextRef: fifth, subject: "tia");
        var eve = await host.SignInAsync(registration, "Eve Elm", schoolId: "elm", subject: "eve");
        await host.AddRosterMemberAsync(registration, third, "dana", "Dana Done");
        await host.AddRosterMemberAsync(registration, fifth, "tia", "Tia Teacher");
        await host.AddRosterMemberAsync(registration, third, "rosa", "Rosa Roster");
        await host.AddRosterMemberAsync(registration, fifth, "rosa", "Rosa Roster");
        await host.AddRosterMemberAsync(registration, third, "ivan", "Ivan Instructor", role: "Instructor");
        await host.AddRosterMemberAsync(registration, third, "gone", "Gone Teacher", status: "Inactive");

        var fixedId = await PathwayPagesTests.SaveAsync(host, leader, "Fixed compliance",
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2099-06-30"),
            ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", "2020-01-15"),
            ("assign_course", third), ("assign_school", $"{registration.Id}:elm"));
        var annualId = await PathwayPagesTests.SaveAsync(host, leader, "Annual safety",
            ("recurrence", "annual"), ("starts_on", Day(CycleStart)),
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", Day(CycleStart.AddDays(10))),
            ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", Day(CycleStart.AddMonths(11))),
            ("assign_role", "Learner"));

        foreach (var person in new[] { dana, eve })
        {
            using var completed = await host.PostAsync(person, "/app/modules/other-module/activities/intro/done", []);
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        }

        await using (var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            async Task StoreAsync(SqlText sql, Catalog.Learner person, string moduleId, long cycleStartMs, long doneMs) =>
                await connection.ExecuteAsync(host.Database.Command(sql, new
                {
                    RegistrationId = registration.Id, UserRef = person.Session.UserId, ModuleId = moduleId, CycleStartMs = cycleStartMs, DoneMs = doneMs,
                }, TestContext.Current.CancellationToken));

            await StoreAsync(InsertProgress, sid, "other-module", 0, LastYearDoneMs);
            await StoreAsync(InsertProgress, sid, "test-module", 0, LastYearDoneMs);
            await StoreAsync(InsertProgress, tia, "other-module", LastCycleMs, LastYearDoneMs);
            await StoreAsync(InsertCompletion, tia, "other-module", LastCycleMs, LastYearDoneMs);
            await StoreAsync(InsertProgress, tia, "test-module", CurrentCycleMs, CurrentCycleMs + 1000);
        }

        // Tia's recorded completion of the annual pathway is last cycle's and counts for nothing now.
        Assert.True(await host.Services.GetRequiredService<PathwayStore>().TryRecordCompletionAsync(
            registration.DistrictId, annualId, tia.Session.UserId, LastCycleMs, DateTimeOffset.FromUnixTimeMilliseconds(LastYearDoneMs), TestContext.Current.CancellationToken));

        // Another district with the same course title, school id and subjects must not be counted.
        var other = await host.RegisterAsync("Other District " + suffix);
        var otherCourse = await host.AddCourseAsync(other, "Grade 3 team");
        await host.AddSchoolAsync(other, "elm", "Elm Middle");
        var stranger = await host.SignInAsync(other, "Stranger Elsewhere", schoolId: "elm", contextRef: otherCourse, subject: "dana");
        await host.AddRosterMemberAsync(other, otherCourse, "rosa", "Rosa Elsewhere");
        using (var completed = await host.PostAsync(stranger, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        }

        var fixedPage = await host.GetPageAsync(leader, $"/app/compliance?pathway={fixedId}");
        Assert.Equal(
            [
                "(no school) 0 0 0 2 2",
                "Elm Middle 0 0 0 2 2",
                "Oak Elementary 0 0 0 1 1",
            ],
            PathwaysHost.TableRows(fixedPage, "by-school"));
        Assert.Equal(
            [
                "(no course) 0 0 0 2 2",
                "Grade 3 team 0 0 0 3 3",
                "Grade 5 team 0 0 0 1 1",
            ],
            PathwaysHost.TableRows(fixedPage, "by-course"));
        Assert.Equal(
            [
                "Other module 2 1 2 0 5",
                "Test module 0 0 0 5 5",
            ],
            PathwaysHost.TableRows(fixedPage, "by-module"));
        var names = new Dictionary<string, string>
        {
            [leader.Session.UserId] = "lee", [dana.Session.UserId] = "dana", [sid.Session.UserId] = "sid", [tia.Session.UserId] = "tia", [eve.Session.UserId] = "eve",
        };
        Assert.Equal(
            [
                "Fixed compliance,(whole pathway),Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,Overdue,2099-06-30,",
                "Fixed compliance,Other module,Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,Done,2099-06-30,today",
                "Fixed compliance,Test module,Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,Overdue,2020-01-15,",
                "Fixed compliance,(whole pathway),Eve Elm,eve@example.org,eve,elm,Elm Middle,,Overdue,2099-06-30,",
                "Fixed compliance,Other module,Eve Elm,eve@example.org,eve,elm,Elm Middle,,Done,2099-06-30,today",
                "Fixed compliance,Test module,Eve Elm,eve@example.org,eve,elm,Elm Middle,,Overdue,2020-01-15,",
                "Fixed compliance,(whole pathway),Ivan Instructor,ivan@example.org,ivan,,,Grade 3 team,Overdue,2099-06-30,",
                "Fixed compliance,Other module,Ivan Instructor,ivan@example.org,ivan,,,Grade 3 team,Not started,2099-06-30,",
                "Fixed compliance,Test module,Ivan Instructor,ivan@example.org,ivan,,,Grade 3 team,Overdue,2020-01-15,",
                "Fixed compliance,(whole pathway),Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Overdue,2099-06-30,",
                "Fixed compliance,Other module,Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Not started,2099-06-30,",
                "Fixed compliance,Test module,Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Overdue,2020-01-15,",
                "Fixed compliance,(whole pathway),Sid Started,sid@example.org,sid,elm,Elm Middle,,Overdue,2099-06-30,",
                "Fixed compliance,Other module,Sid Started,sid@example.org,sid,elm,Elm Middle,,In progress,2099-06-30,",
                "Fixed compliance,Test module,Sid Started,sid@example.org,sid,elm,Elm Middle,,Overdue,2020-01-15,",
            ],
            await CsvAsync(host, leader, fixedId, names));

        // The test sessions record no launch membership, so Lee counts with the default Learner
        // role and is assigned the annual pathway. Ivan is an instructor on the roster and is not.
        var annualPage = await host.GetPageAsync(leader, $"/app/compliance?pathway={annualId}");
        Assert.Equal(
            [
                "(no school) 0 0 0 2 2",
                "Elm Middle 0 1 0 1 2",
                "Oak Elementary 0 1 0 1 2",
            ],
            PathwaysHost.TableRows(annualPage, "by-school"));
        Assert.Equal(
            [
                "(no course) 0 1 0 2 3",
                "Grade 3 team 0 1 0 1 2",
                "Grade 5 team 0 0 0 2 2",
            ],
            PathwaysHost.TableRows(annualPage, "by-course"));
        Assert.Equal(
            [
                "Other module 2 0 0 4 6",
                "Test module 0 1 5 0 6",
            ],
            PathwaysHost.TableRows(annualPage, "by-module"));
        Assert.Equal(
            [
                $"Annual safety,(whole pathway),Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,In progress,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,Done,{Day(CycleStart.AddDays(10))},today",
                $"Annual safety,Test module,Dana Done,dana@example.org,dana,oak,Oak Elementary,Grade 3 team,Not started,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,(whole pathway),Eve Elm,eve@example.org,eve,elm,Elm Middle,,In progress,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Eve Elm,eve@example.org,eve,elm,Elm Middle,,Done,{Day(CycleStart.AddDays(10))},today",
                $"Annual safety,Test module,Eve Elm,eve@example.org,eve,elm,Elm Middle,,Not started,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,(whole pathway),Lee Leader,lee@example.org,lee,,,,Overdue,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Lee Leader,lee@example.org,lee,,,,Overdue,{Day(CycleStart.AddDays(10))},",
                $"Annual safety,Test module,Lee Leader,lee@example.org,lee,,,,Not started,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,(whole pathway),Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Overdue,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Overdue,{Day(CycleStart.AddDays(10))},",
                $"Annual safety,Test module,Rosa Roster,rosa@example.org,rosa,,,Grade 3 team; Grade 5 team,Not started,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,(whole pathway),Sid Started,sid@example.org,sid,elm,Elm Middle,,Overdue,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Sid Started,sid@example.org,sid,elm,Elm Middle,,Overdue,{Day(CycleStart.AddDays(10))},",
                $"Annual safety,Test module,Sid Started,sid@example.org,sid,elm,Elm Middle,,Not started,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,(whole pathway),Tia Teacher,tia@example.org,tia,oak,Oak Elementary,Grade 5 team,Overdue,{Day(CycleStart.AddMonths(11))},",
                $"Annual safety,Other module,Tia Teacher,tia@example.org,tia,oak,Oak Elementary,Grade 5 team,Overdue,{Day(CycleStart.AddDays(10))},",
                $"Annual safety,Test module,Tia Teacher,tia@example.org,tia,oak,Oak Elementary,Grade 5 team,In progress,{Day(CycleStart.AddMonths(11))},",
            ],
            await CsvAsync(host, leader, annualId, names));
    }

    /// <summary>
    /// The CSV lines after the header, in file order, without the pathway id column and the
    /// pending_update column (asserted empty: the figures are exact), with generated user ids
    /// replaced by short names and today's date by "today".
    /// </summary>
    private static async Task<List<string>> CsvAsync(PathwaysHost host, Catalog.Learner leader, string pathwayId, IReadOnlyDictionary<string, string> names)
    {
        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={pathwayId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line =>
            {
                Assert.EndsWith(",", line, StringComparison.Ordinal);
                return line[..^1];
            })
            .Select(line => line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..])
            .Select(line => names.Aggregate(line, (current, name) => current.Replace(name.Key, name.Value, StringComparison.Ordinal)))
            .Select(line => line.Replace(Day(DateOnly.FromDateTime(DateTime.UtcNow)), "today", StringComparison.Ordinal))
            .ToList();
    }

    private static long StartMs(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
