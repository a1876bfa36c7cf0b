using System.Net;
using LtiPd.LtiTool.Registration;

namespace LtiPd.LtiTool.Tests.Registration;

public sealed class PublicAddressConnectorTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsPublic_InternalAddress_False(string address)
    {
        Assert.False(PublicAddressConnector.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    public void IsPublic_PublicAddress_True(string address)
    {
        Assert.True(PublicAddressConnector.IsPublic(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task Connect_LoopbackOutsideDevelopment_Refused()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await PublicAddressConnector.ConnectAsync(new DnsEndPoint("127.0.0.1", 9), allowLoopback: false, TestContext.Current.CancellationToken));

        Assert.Contains("does not resolve to a public address", refused.Message, StringComparison.Ordinal);
    }
}
