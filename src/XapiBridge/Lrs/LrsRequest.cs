using LtiPd.XapiBridge.Lrs.Credentials;
using LtiPd.XapiBridge.Validation;
using Microsoft.AspNetCore.Http;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>
/// One LRS request after the xAPI 1.0.3 alternate request syntax (Communication 1.3) has been
/// unfolded: the effective method, headers, parameters and body, whichever form they came in.
/// </summary>
internal sealed class LrsRequest
{
    public required HttpContext HttpContext { get; init; }

    /// <summary>GET, HEAD, PUT, POST or DELETE.</summary>
    public required string Method { get; init; }

    /// <summary>The resource path below the LRS root, such as <c>statements</c> or <c>activities/state</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>Query parameters (or alternate-syntax form fields that are not headers). Names are case-sensitive.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The headers the LRS reads, with alternate-syntax form fields applied. Names ignore case.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public bool IsAlternateSyntax { get; init; }

    /// <summary>The version family the client declared in X-Experience-API-Version.</summary>
    public XapiVersion Version { get; set; } = XapiVersion.V2;

    public bool IsVersion2 => Version == XapiVersion.V2;

    /// <summary>The authenticated credential; null only on the about resource.</summary>
    public LrsCredential? Credential { get; set; }

    public string? ContentType => Header("Content-Type");

    /// <summary>The media type of Content-Type without parameters, lowercase.</summary>
    public string? MediaType => ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The tenant of the authenticated credential.</summary>
    public string Tenant => Credential?.Tenant ?? throw new InvalidOperationException("The request is not authenticated.");
}
