using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Services.Nrps;
using LtiPd.Storage;
using LtiPd.TestSupport;
using WireMock.RequestBuilders;

namespace LtiPd.LtiTool.IntegrationTests.Services;

public sealed class RosterSyncTests
{
    private const string MembershipMediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    private const string CanvasMemberships = "/api/lti/courses/42/names_and_roles";
    private const string Learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private const string Instructor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    [Theory]
    [DatabaseData]
    public async Task Sync_CanvasTwoPages_StoresEveryMember(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://canvas.instructure.com", null, CanvasMemberships, cancellationToken);
        GivenCanvasRoster(world);

        var (contextId, result) = (await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, null, null, cancellationToken)).Single();
        var members = await MembersAsync(world, cancellationToken);

        Assert.Equal("course-42", contextId);
        Assert.Equal(new RosterSyncResult(3, 2, 0, null), result);
        Assert.Equal("50", LmsMocks.RequestsTo(world.Lms, CanvasMemberships)[0].Query!["limit"].Single());
        Assert.Equal(["leader-sub-1", "learner-sub-1", "learner-sub-2"], members.Select(member => member.Subject));
        Assert.Equal(("Instructor", "Active", "Priya Raman"), (members[0].Role, members[0].Status, members[0].Name));
        Assert.Equal(("Learner", "Active", "maya@example.org"), (members[1].Role, members[1].Status, members[1].Email));
        Assert.Equal("Inactive", members[2].Status);
    }

    [Theory]
    [DatabaseData]
    public async Task Sync_MemberLeft_MarkedInactiveNotDeleted(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://canvas.instructure.com", null, CanvasMemberships, cancellationToken);
        GivenCanvasRoster(world);
        await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, null, null, cancellationToken);
        world.Lms.ResetMappings();
        LmsMocks.GivenToken(world.Lms);
        world.Lms.Given(Request.Create().WithPath(CanvasMemberships).UsingGet()).RespondWith(LmsMocks.Json(200, MembershipMediaType, Container(world, Member("leader-sub-1", "Priya Raman", Instructor))));
        world.Time.Advance(TimeSpan.FromDays(1));

        var result = (await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, "course-42", null, null, cancellationToken)).Single().Result;
        var members = await MembersAsync(world, cancellationToken);

        Assert.Equal(new RosterSyncResult(1, 1, 1, null), result);
        Assert.Equal(3, members.Count);
        Assert.Equal("Active", members.Single(member => member.Subject == "leader-sub-1").Status);
        Assert.Equal("Inactive", members.Single(member => member.Subject == "learner-sub-1").Status);
        Assert.Equal("Maya Okafor", members.Single(member => member.Subject == "learner-sub-1").Name);
    }

    [Theory]
    [DatabaseData]
    public async Task Sync_SchoologyWithRoleFilter_AsksForPagesOf100AndMarksNobody(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const string Memberships = "/lti-service/tool/3456/services/names-roles/v2p0/membership/9876";
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://schoology.schoology.com", null, Memberships, cancellationToken);
        GivenCanvasRoster(world, Memberships);
        await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, null, null, cancellationToken);
        world.Lms.ResetLogEntries();

        var result = (await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, Learner, "link-1", cancellationToken)).Single().Result;

        var query = LmsMocks.RequestsTo(world.Lms, Memberships)[0].Query!;
        Assert.Equal("100", query["limit"].Single());
        Assert.Equal(Learner, query["role"].Single());
        Assert.Equal("link-1", query["rlid"].Single());
        Assert.Equal(0, result.MarkedInactive);
    }

    [Theory]
    [DatabaseData]
    public async Task Sync_SecondPageFails_ChangesNothing(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://canvas.instructure.com", null, CanvasMemberships, cancellationToken);
        GivenCanvasRoster(world);
        world.Lms.Given(Request.Create().WithPath(CanvasMemberships).WithParam("page", "2").UsingGet()).AtPriority(1)
            .RespondWith(LmsMocks.CanvasError(403, "Insufficient scopes on access token"));

        var result = (await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, null, null, cancellationToken)).Single().Result;

        Assert.False(result.Succeeded);
        Assert.Contains("Insufficient scopes on access token", result.Error, StringComparison.Ordinal);
        Assert.Empty(await MembersAsync(world, cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task Sync_Roles_ReachGamificationBeforeAnyVisit(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://canvas.instructure.com", null, CanvasMemberships, cancellationToken);
        GivenCanvasRoster(world);
        var participants = world.Get<ParticipantDirectory>();
        var admin = new ParticipantProfile { HomePage = world.Registration.Issuer, AccountName = "learner-sub-1", Role = ParticipantRole.Admin };
        await participants.SaveAsync(world.Registration.DistrictId, admin, cancellationToken);

        await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, null, null, null, cancellationToken);

        var leader = await participants.GetAsync(world.Registration.DistrictId, GamificationKeys.UserId(world.Registration.Issuer, "leader-sub-1"), cancellationToken);
        var kept = await participants.GetAsync(world.Registration.DistrictId, GamificationKeys.UserId(world.Registration.Issuer, "learner-sub-1"), cancellationToken);
        var inactive = await participants.GetAsync(world.Registration.DistrictId, GamificationKeys.UserId(world.Registration.Issuer, "learner-sub-2"), cancellationToken);
        Assert.Equal(ParticipantRole.Reviewer, leader?.Role);
        Assert.Equal("Priya Raman", leader?.DisplayName);
        Assert.False(leader?.LeaderboardOptIn);
        Assert.Equal(ParticipantRole.Admin, kept?.Role);
        Assert.Null(inactive);
    }

    [Theory]
    [DatabaseData]
    public async Task Sync_LearnerLeadingElsewhere_IsReviewer(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://canvas.instructure.com", null, CanvasMemberships, cancellationToken);
        GivenCanvasRoster(world);
        await using (var connection = await world.Database.OpenAsync(cancellationToken))
        {
            // A second course, without a roster URL, that the course-42 learner leads.
            var course = new { Id = "course-b", RegistrationId = world.Registration.Id, Now = 1L };
            await connection.ExecuteAsync(world.Database.Command(SqlText.Portable(
                "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, created_at_ms, updated_at_ms) " +
                "VALUES (@Id, @RegistrationId, 'deployment-1', 'course-b', @Now, @Now)"), course, cancellationToken));
            await connection.ExecuteAsync(world.Database.Command(SqlText.Portable(
                "INSERT INTO roster_members (registration_id, context_ref, subject, roles, role, status, first_seen_at_ms, last_synced_at_ms) " +
                "VALUES (@RegistrationId, @Id, 'learner-sub-1', 'Instructor', 'Instructor', 'Active', @Now, @Now)"), course, cancellationToken));
        }

        await world.Get<RosterSync>().SyncAsync(world.Registration.Id, null, "course-42", null, null, cancellationToken);

        var learner = await world.Get<ParticipantDirectory>().GetAsync(
            world.Registration.DistrictId, GamificationKeys.UserId(world.Registration.Issuer, "learner-sub-1"), cancellationToken);
        Assert.Equal(ParticipantRole.Reviewer, learner?.Role);
    }

    /// <summary>Two pages as Canvas serves them: Link headers joined by bare commas, the next page in the query.</summary>
    private static void GivenCanvasRoster(LmsServiceWorld world, string path = CanvasMemberships)
    {
        var url = world.LmsUrl + path;
        LmsMocks.GivenToken(world.Lms);
        world.Lms.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(5)
            .RespondWith(LmsMocks.Json(200, MembershipMediaType, Container(world, Member("leader-sub-1", "Priya Raman", Instructor), Member("learner-sub-1", "Maya Okafor", Learner)))
                .WithHeader("Link", $"<{url}?page=1&per_page=50>; rel=\"current\",<{url}?page=2&per_page=50>; rel=\"next\",<{url}?page=1&per_page=50>; rel=\"first\",<{url}?page=2&per_page=50>; rel=\"last\""));
        world.Lms.Given(Request.Create().WithPath(path).WithParam("page", "2").UsingGet()).AtPriority(2)
            .RespondWith(LmsMocks.Json(200, MembershipMediaType, Container(world, Member("learner-sub-2", "Luis Herrera", Learner, "Inactive")))
                .WithHeader("Link", $"<{url}?page=2&per_page=50>; rel=\"current\",<{url}?page=1&per_page=50>; rel=\"first\",<{url}?page=2&per_page=50>; rel=\"last\""));
    }

    private static string Container(LmsServiceWorld world, params string[] members) =>
        $$"""{"id":"{{world.LmsUrl}}{{CanvasMemberships}}","context":{"id":"4dde05e8ca1973bcca9bffc13e1548820eee93a3","label":"PD-42","title":"PD course"},"members":[{{string.Join(",", members)}}]}""";

    private static string Member(string subject, string name, string role, string status = "Active")
    {
        var parts = name.Split(' ');
        var email = parts[0].ToLowerInvariant() + "@example.org";
        return $$"""{"status":"{{status}}","name":"{{name}}","picture":"https://canvas.instructure.com/images/messages/avatar-50.png","given_name":"{{parts[0]}}","family_name":"{{parts[1]}}","email":"{{email}}","lis_person_sourcedid":"SIS-{{subject}}","user_id":"{{subject}}","lti11_legacy_user_id":"abc","roles":["{{role}}"]}""";
    }

    private static async Task<List<MemberRow>> MembersAsync(LmsServiceWorld world, CancellationToken cancellationToken)
    {
        await using var connection = await world.Database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberRow>(world.Database.Command(SqlText.Portable(
            "SELECT subject AS Subject, name AS Name, email AS Email, role AS Role, status AS Status FROM roster_members WHERE registration_id = @RegistrationId ORDER BY subject"),
            new { RegistrationId = world.Registration.Id }, cancellationToken));
        return rows.ToList();
    }

    private sealed class MemberRow
    {
        public string Subject { get; set; } = string.Empty;

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string Role { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;
    }
}
