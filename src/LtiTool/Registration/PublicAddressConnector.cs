using System.Net;
using System.Net.Sockets;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// Opens registration connections only to public addresses. The check runs on the address the
/// host name resolved to, at connect time, so a name that resolves (or later re-resolves) to a
/// loopback, private, link-local or unique-local address cannot reach internal services.
/// Development allows loopback, where the dev LMS and test mocks run.
/// </summary>
internal static class PublicAddressConnector
{
    /// <summary>Connects to the first allowed address of the endpoint, or throws when none is allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(address => IsPublic(address) || (allowLoopback && IPAddress.IsLoopback(address))).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"'{endpoint.Host}' does not resolve to a public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && !address.IsIPv6Multicast && (first & 0xFE) != 0xFC;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] switch
        {
            0 or 10 or 127 => false,
            100 => bytes[1] is < 64 or > 127,
            169 => bytes[1] != 254,
            172 => bytes[1] is < 16 or > 31,
            192 => bytes[1] != 168 && !(bytes[1] == 0 && bytes[2] is 0 or 2),
            198 => bytes[1] is not (18 or 19),
            >= 224 => false,
            _ => true,
        };
    }
}
