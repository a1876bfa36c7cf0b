using System.Net;
using System.Net.Sockets;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>Starts WireMock.Net servers bound to 127.0.0.1 only, on a free port.</summary>
public static class LoopbackWireMock
{
    /// <summary>Starts a server on <c>http://127.0.0.1:PORT</c>.</summary>
    public static WireMockServer Start() => WireMockServer.Start($"http://127.0.0.1:{FreeLoopbackPort()}");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
