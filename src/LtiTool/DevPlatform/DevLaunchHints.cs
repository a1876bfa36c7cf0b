using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The opaque values the dev platform hands the tool and expects back unchanged: the
/// <c>lti_message_hint</c> of a login (which person launches which link) and the <c>data</c> of
/// a deep linking request. Both are encrypted and time-limited with data protection, so the
/// authorization endpoint needs no cookie, which a browser blocking third-party cookies would drop
/// when the dev platform itself is framed cross-site.
/// </summary>
public sealed class DevLaunchHints
{
    private static readonly TimeSpan MessageHintLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DeepLinkDataLifetime = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector _messageHints;
    private readonly ITimeLimitedDataProtector _deepLinkData;
    private readonly DevPlacementStore _placements;

    /// <summary>Creates the hints over <paramref name="dataProtection"/>.</summary>
    public DevLaunchHints(IDataProtectionProvider dataProtection, DevPlacementStore placements)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _placements = placements;
        _messageHints = dataProtection.CreateProtector("LtiPd.DevPlatform.MessageHint.v1").ToTimeLimitedDataProtector();
        _deepLinkData = dataProtection.CreateProtector("LtiPd.DevPlatform.DeepLinkData.v1").ToTimeLimitedDataProtector();
    }

    /// <summary>Creates the message hint for <paramref name="person"/> launching <paramref name="link"/>.</summary>
    public string CreateMessageHint(DevPerson person, DevResourceLink link)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(link);
        return _messageHints.Protect($"{person.Id}\n{link.Id}", MessageHintLifetime);
    }

    /// <summary>Reads a message hint. Returns null when it is missing, expired, altered, or names an unknown person or link.</summary>
    public async Task<(DevPerson Person, DevResourceLink Link)?> ReadMessageHintAsync(string? hint, CancellationToken cancellationToken)
    {
        if (Unprotect(_messageHints, hint) is not { } plain || plain.Split('\n') is not [var personId, var linkId])
        {
            return null;
        }

        var person = SandboxCourse.FindPerson(personId);
        var link = await _placements.FindAsync(linkId, cancellationToken);
        return person is null || link is null ? null : (person, link);
    }

    /// <summary>Creates the deep linking <c>data</c> value for a request by <paramref name="person"/>.</summary>
    public string CreateDeepLinkData(DevPerson person, DevResourceLink placement)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(placement);
        return _deepLinkData.Protect($"{person.Id}\n{placement.Id}", DeepLinkDataLifetime);
    }

    /// <summary>Reads a deep linking <c>data</c> value. Returns null when it is not one the dev platform issued recently.</summary>
    public (DevPerson Person, DevResourceLink Placement)? ReadDeepLinkData(string? data)
    {
        if (Unprotect(_deepLinkData, data) is not { } plain || plain.Split('\n') is not [var personId, var placementId])
        {
            return null;
        }

        var person = SandboxCourse.FindPerson(personId);
        var placement = SandboxCourse.FindResourceLink(placementId);
        return person is null || placement is null ? null : (person, placement);
    }

    private static string? Unprotect(ITimeLimitedDataProtector protector, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return protector.Unprotect(value, out _);
        }
        catch (CryptographicException)
        {
            // Expired, altered, or protected with a key this host does not have.
            return null;
        }
    }
}
