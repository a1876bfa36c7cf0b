namespace LtiPd.Gamification.Badges;

/// <summary>
/// The stable public URLs of LtiPd's Open Badges documents under the tool's base URL. Ids and
/// credentials point at these, so the host must serve each one at exactly this address.
/// </summary>
public sealed class BadgeUrls
{
    private readonly Uri _base;

    /// <summary>Creates the URLs under <paramref name="publicBaseUri"/>, the tool's absolute base URL.</summary>
    public BadgeUrls(Uri publicBaseUri)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUri);
        if (!publicBaseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The badge base URL '{publicBaseUri}' is relative. Use the tool's absolute URL.", nameof(publicBaseUri));
        }

        var text = publicBaseUri.AbsoluteUri;
        _base = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The Open Badges 3.0 issuer profile of a district: <c>badges/issuers/{tenant}</c>.</summary>
    public Uri Issuer(string tenantId) => Under($"badges/issuers/{Escape(tenantId)}");

    /// <summary>The district's public signing keys as a JWK set (RFC 7517): <c>badges/issuers/{tenant}/keys</c>.</summary>
    public Uri Keys(string tenantId) => Under($"badges/issuers/{Escape(tenantId)}/keys");

    /// <summary>The Open Badges 2.0 issuer of a district: <c>badges/issuers/{tenant}/ob2</c>.</summary>
    public Uri Ob2Issuer(string tenantId) => Under($"badges/issuers/{Escape(tenantId)}/ob2");

    /// <summary>The badge class (Open Badges 2.0) and achievement id (3.0) of a badge: <c>badges/classes/{tenant}/{badge}</c>.</summary>
    public Uri BadgeClass(string tenantId, string badgeId) => Under($"badges/classes/{Escape(tenantId)}/{Escape(badgeId)}");

    /// <summary>The Open Badges 3.0 credential as JSON: <c>badges/credentials/{id}</c>.</summary>
    public Uri Credential(Guid credentialId) => Under($"badges/credentials/{credentialId:D}");

    /// <summary>The same credential as a VC-JWT: <c>badges/credentials/{id}/jwt</c>.</summary>
    public Uri CredentialJwt(Guid credentialId) => Under($"badges/credentials/{credentialId:D}/jwt");

    /// <summary>The Open Badges 2.0 hosted assertion: <c>badges/assertions/{id}</c>.</summary>
    public Uri Assertion(Guid credentialId) => Under($"badges/assertions/{credentialId:D}");

    /// <summary>The district's revocation list: <c>badges/revocations/{tenant}</c>.</summary>
    public Uri Revocations(string tenantId) => Under($"badges/revocations/{Escape(tenantId)}");

    /// <summary>The district's Bitstring Status List credential (revocation), a VC-JWT: <c>badges/status/{tenant}</c>.</summary>
    public Uri StatusList(string tenantId) => Under($"badges/status/{Escape(tenantId)}");

    private Uri Under(string path) => new(_base, path);

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
