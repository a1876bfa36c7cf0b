using System.Text.Json.Nodes;
using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Engine;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// The public Open Badges documents. Wallets, backpacks and verifiers fetch them without a
/// session, so they hold only what the credential itself holds: the recipient appears as a salted
/// hash, never by name or account.
/// </summary>
internal static class BadgeEndpoints
{
    private const string JsonLd = "application/ld+json";

    public static IEndpointRouteBuilder MapBadgeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var badges = endpoints.MapGroup("/badges");
        badges.MapGet("/issuers/{tenantId}", (string tenantId, BadgeIssuing issuing) =>
            Serve(issuing, issuer => Json(issuer.CreateIssuerProfile(tenantId), JsonLd)));
        badges.MapGet("/issuers/{tenantId}/ob2", (string tenantId, BadgeIssuing issuing) =>
            Serve(issuing, issuer => Json(issuer.CreateOb2Issuer(tenantId), JsonLd)));
        badges.MapGet("/issuers/{tenantId}/keys", KeysAsync);
        badges.MapGet("/classes/{tenantId}/{badgeId}", BadgeClassAsync);
        badges.MapGet("/credentials/{credentialId:guid}", CredentialAsync);
        badges.MapGet("/credentials/{credentialId:guid}/jwt", CredentialJwtAsync);
        badges.MapGet("/assertions/{credentialId:guid}", AssertionAsync);
        badges.MapGet("/revocations/{tenantId}", RevocationsAsync);
        badges.MapGet("/status/{tenantId}", StatusListAsync);
        return endpoints;
    }

    private static async Task<IResult> KeysAsync(string tenantId, BadgeKeyStore keys, CancellationToken cancellationToken)
    {
        var set = new JsonArray();
        foreach (var key in await keys.GetPublicKeysAsync(tenantId, cancellationToken))
        {
            set.Add(new JsonObject { ["kty"] = key.Kty, ["use"] = key.Use, ["alg"] = key.Alg, ["kid"] = key.KeyId, ["n"] = key.N, ["e"] = key.E });
        }

        return Json(new JsonObject { ["keys"] = set }, "application/jwk-set+json");
    }

    private static async Task<IResult> BadgeClassAsync(string tenantId, string badgeId, BadgeIssuing issuing, GamificationEngine engine, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        var rules = await engine.GetRulesAsync(tenantId, cancellationToken);
        var badge = rules.Badges.FirstOrDefault(definition => definition.Id == badgeId);
        return badge is null
            ? NotFound($"Badge '{badgeId}' is not defined by district '{tenantId}'.")
            : Json(issuer.CreateBadgeClass(tenantId, badge), JsonLd);
    }

    private static async Task<IResult> CredentialAsync(Guid credentialId, BadgeIssuing issuing, BadgeCredentialStore store, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        var issued = await store.FindAsync(credentialId, cancellationToken);
        return issued is null ? CredentialNotFound(credentialId) : Json(issuer.CreateCredential(issued), "application/vc+ld+json");
    }

    private static async Task<IResult> CredentialJwtAsync(
        Guid credentialId, BadgeIssuing issuing, BadgeCredentialStore store, BadgeKeyStore keys, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        if (await store.FindAsync(credentialId, cancellationToken) is not { } issued)
        {
            return CredentialNotFound(credentialId);
        }

        var (key, publicJwk) = await keys.GetSigningKeyAsync(issued.Award.TenantId, cancellationToken);

        // The kid is a URL of the district's key set with the key's thumbprint as fragment, so a
        // verifier finds the key under the issuer's own address.
        var keyUrl = $"{issuer.Urls.Keys(issued.Award.TenantId).AbsoluteUri}#{key.KeyId}";
        var signing = new SigningCredentials(new RsaSecurityKey(key.Rsa) { KeyId = keyUrl }, SecurityAlgorithms.RsaSha256);
        return Results.Text(issuer.CreateVcJwt(issued, signing, publicJwk), "application/vc+jwt");
    }

    private static async Task<IResult> AssertionAsync(Guid credentialId, BadgeIssuing issuing, BadgeCredentialStore store, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        if (await store.FindAsync(credentialId, cancellationToken) is not { } issued)
        {
            return CredentialNotFound(credentialId);
        }

        return issued.Revocation is { } revocation
            ? Json(issuer.CreateRevokedAssertion(credentialId, revocation.Reason), JsonLd, StatusCodes.Status410Gone)
            : Json(issuer.CreateHostedAssertion(issued), JsonLd);
    }

    private static async Task<IResult> RevocationsAsync(string tenantId, BadgeIssuing issuing, BadgeCredentialStore store, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        var revocations = await store.GetRevocationsAsync(tenantId, cancellationToken);
        return Json(issuer.CreateRevocationList(tenantId, revocations), "application/json");
    }

    // The status list is signed with the district's current badge key, like the credentials, and
    // is built on each request, so a revocation shows at once.
    private static async Task<IResult> StatusListAsync(
        string tenantId, BadgeIssuing issuing, BadgeCredentialStore store, BadgeKeyStore keys, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (issuing.Issuer is not { } issuer)
        {
            return NotConfigured();
        }

        // An unknown district gets 404 and no signing key, so public requests create no rows.
        if (!await store.HasStatusListAsync(tenantId, cancellationToken))
        {
            return NotFound($"District '{tenantId}' has issued no badge credential, so it has no status list.");
        }

        var revoked = await store.GetRevokedStatusIndexesAsync(tenantId, cancellationToken);
        var statusList = issuer.CreateStatusListCredential(tenantId, revoked, BadgeCredentialStore.StatusListLength, timeProvider.GetUtcNow());
        var (key, _) = await keys.GetSigningKeyAsync(tenantId, cancellationToken);
        var keyUrl = $"{issuer.Urls.Keys(tenantId).AbsoluteUri}#{key.KeyId}";
        var signing = new SigningCredentials(new RsaSecurityKey(key.Rsa) { KeyId = keyUrl }, SecurityAlgorithms.RsaSha256);
        return Results.Text(BadgeCredentialIssuer.CreateStatusListJwt(statusList, signing), "application/vc+jwt");
    }

    private static IResult Serve(BadgeIssuing issuing, Func<BadgeCredentialIssuer, IResult> serve) =>
        issuing.Issuer is { } issuer ? serve(issuer) : NotConfigured();

    private static IResult Json(JsonObject document, string contentType, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(document.ToJsonString(), contentType, System.Text.Encoding.UTF8, statusCode);

    private static IResult CredentialNotFound(Guid credentialId) =>
        NotFound($"Credential '{credentialId:D}' was not found, or its badge is no longer earned.");

    private static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static IResult NotConfigured() => Results.Problem(
        "Badge credentials are not issued because the tool has no public base URL. Set Gamification:Badges:PublicBaseUri or Lti:PublicBaseUrl.",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Badge issuing not configured");
}
