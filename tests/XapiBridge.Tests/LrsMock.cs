using System.Net;
using System.Net.Sockets;
using WireMock.Server;
using WireMock.Settings;

namespace LtiPd.XapiBridge.Tests;

/// <summary>A WireMock.Net server on 127.0.0.1 that plays an external LRS under <c>/xapi/</c>.</summary>
internal static class LrsMock
{
    public static WireMockServer Start()
    {
        var port = FreePort();
        return WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
    }

    public static Uri Endpoint(WireMockServer server) => new($"{server.Url}/xapi/");

    /// <summary>A port on 127.0.0.1 that nothing listens on, for connection-refused cases.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
