using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.Gamification.Tests.Badges;

public sealed class BadgeCredentialStoreTests
{
    private static readonly DateTimeOffset AwardedAt = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task Issue_Twice_KeepsCredentialIdAndRevokesOnce(DatabaseProvider provider)
    {
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);
        for (var i = 0; i < 10; i++)
        {
            await engine.ProcessAsync(new StatementJson { Stored = AwardedAt.AddMinutes(10 * i), ActivityId = $"https://pd.district.test/lessons/{i}" }.Parse(), Token);
        }

        var store = new BadgeCredentialStore(engine, new BadgeAwardReader(engine), clock);
        var userId = GamificationKeys.UserId(StatementJson.HomePage, "teacher-1");

        var first = await store.IssueAsync(StatementJson.DistrictId, userId, "points-100", Token);
        var second = await store.IssueAsync(StatementJson.DistrictId, userId, "points-100", Token);
        var notEarned = await store.IssueAsync(StatementJson.DistrictId, userId, "evidence-2", Token);
        var credentialId = first.Value!.CredentialId;
        var otherTenant = await store.RevokeAsync("district-2", credentialId, "admin-1", "Wrong district", Token);
        var revoked = await store.RevokeAsync(StatementJson.DistrictId, credentialId, "admin-1", "Awarded in error", Token);
        var twice = await store.RevokeAsync(StatementJson.DistrictId, credentialId, "admin-1", "Again", Token);
        var found = await store.FindAsync(credentialId, Token);

        Assert.Equal(credentialId, second.Value!.CredentialId);
        Assert.Equal(AwardedAt.AddMinutes(90), first.Value.Award.AwardedAt);
        Assert.IsType<NotFoundError>(notEarned.Error);
        Assert.IsType<NotFoundError>(otherTenant.Error);
        Assert.Equal("Awarded in error", revoked.Value!.Reason);
        Assert.IsType<ConflictError>(twice.Error);
        Assert.Equal("Awarded in error", found!.Revocation!.Reason);
        Assert.Equal([credentialId], (await store.GetRevocationsAsync(StatementJson.DistrictId, Token)).Select(r => r.CredentialId));
        Assert.Empty(await store.GetRevocationsAsync("district-2", Token));
        var audit = await new AwardAdministration(engine).GetAuditAsync(StatementJson.DistrictId, Token);
        Assert.Contains(audit, entry => entry.Action == "revoke-credential" && entry.Actor == "admin-1");
        Assert.Null(await store.FindAsync(Guid.NewGuid(), Token));
    }
}
