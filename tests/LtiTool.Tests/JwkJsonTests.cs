using System.Security.Cryptography;
using System.Text.Json;
using LtiPd.LtiTool.Jwks;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Tests;

public sealed class JwkJsonTests
{
    [Fact]
    public void ToPublicObject_PrivateJwk_OnlyPublicMembers()
    {
        using var rsa = RSA.Create(2048);
        var privateJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)));
        privateJwk.Kid = "kid-1";
        Assert.False(string.IsNullOrEmpty(privateJwk.D));

        var published = JsonSerializer.Serialize(JwkJson.ToPublicObject(privateJwk));
        using var document = JsonDocument.Parse(published);

        Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], document.RootElement.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(privateJwk.D, published, StringComparison.Ordinal);
        Assert.DoesNotContain(privateJwk.P, published, StringComparison.Ordinal);
        Assert.Equal("sig", document.RootElement.GetProperty("use").GetString());
        Assert.Equal("RS256", document.RootElement.GetProperty("alg").GetString());
    }
}
