using System.Text.Json;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Services.Ags;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services.Nrps;

/// <summary>Reads a course's memberships with Names and Role Provisioning Services 2.0.</summary>
public sealed class NrpsClient
{
    /// <summary>The scope NRPS 2.0 needs.</summary>
    public const string MembershipScope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    private static readonly string[] Scopes = [MembershipScope];

    private readonly LtiServiceClient _client;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;

    /// <summary>Creates the client.</summary>
    public NrpsClient(LtiServiceClient client, IOptionsMonitor<LtiServicesOptions> options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>
    /// Reads every page of the membership container at <paramref name="membershipsUrl"/>, with
    /// pages of the size the platform serves (Canvas at most 50, Schoology 100), optionally
    /// filtered by <paramref name="role"/> and by the resource link <paramref name="resourceLinkId"/>
    /// (<c>rlid</c>). Returns the members, the number of pages, or the failure.
    /// </summary>
    public async Task<(IReadOnlyList<RosterMember>? Members, int Pages, ServiceResponse? Failure)> ListMembersAsync(
        PlatformRegistration registration,
        string membershipsUrl,
        string? role,
        string? resourceLinkId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var limit = PlatformKinds.MembershipPageSize(PlatformKinds.FromIssuer(registration.Issuer));
        var url = ServiceUrls.AddQuery(membershipsUrl,
        [
            new("role", role),
            new("rlid", resourceLinkId),
            new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var members = new List<RosterMember>();
        var pages = 0;
        var failure = await ServicePaging.ReadAllAsync(
            _client, registration, Scopes, url, AgsMediaTypes.MembershipContainer, _options.CurrentValue.MaxPages,
            body =>
            {
                pages++;
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("members", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    members.AddRange(list.EnumerateArray().Select(ReadMember).OfType<RosterMember>());
                }
            },
            cancellationToken);
        return failure is null ? (members, pages, null) : (null, pages, failure);
    }

    private static RosterMember? ReadMember(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || Text(element, "user_id") is not { Length: > 0 } subject)
        {
            return null;
        }

        var roles = element.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(role => role.ValueKind == JsonValueKind.String).Select(role => role.GetString()!).ToList()
            : [];
        return new RosterMember
        {
            Subject = subject,
            Name = Text(element, "name"),
            GivenName = Text(element, "given_name"),
            FamilyName = Text(element, "family_name"),
            Email = Text(element, "email"),
            Roles = roles,

            // NRPS 2.0 section 2.3: status is Active (the default), Inactive or Deleted.
            Status = Text(element, "status") is "Inactive" or "Deleted" ? "Inactive" : "Active",
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
