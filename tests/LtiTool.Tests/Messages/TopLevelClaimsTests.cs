using System.Text.Json;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests.Messages;

public sealed class TopLevelClaimsTests
{
    [Fact]
    public void TryGet_DuplicateName_LastWinsLikeJsonElement()
    {
        using var document = JsonDocument.Parse("""{"iss":"first","sub":"s","iss":"second"}""");

        var claims = TopLevelClaims.Index(document.RootElement);

        Assert.True(claims.TryGet("iss", out var indexed));
        Assert.Equal("second", indexed.GetString());
        Assert.True(document.RootElement.TryGetProperty("iss", out var direct));
        Assert.Equal(direct.GetString(), indexed.GetString());
    }

    [Fact]
    public void Index_NotAnObject_NoClaims()
    {
        using var document = JsonDocument.Parse("[1,2]");

        var claims = TopLevelClaims.Index(document.RootElement);

        Assert.False(claims.TryGet("iss", out _));
    }
}
