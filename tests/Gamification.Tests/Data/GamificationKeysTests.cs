using System.Security.Cryptography;
using System.Text;
using LtiPd.Gamification.Data;

namespace LtiPd.Gamification.Tests.Data;

// The ledger is unique on these keys, so a key computed differently after an upgrade would award
// a statement again. Each expected value is the SHA-256 of the parts joined as "length:part".
public sealed class GamificationKeysTests
{
    [Theory]
    [InlineData("https://canvas.example", "teacher-1")]
    [InlineData("", "")]
    [InlineData("https://lms.example/é", "名前 with spaces and \"quotes\"")]
    public void UserId_AnyAccount_HashesLengthPrefixedParts(string homePage, string accountName)
    {
        var expected = Sha256Hex($"{homePage.Length}:{homePage}{accountName.Length}:{accountName}");

        var userId = GamificationKeys.UserId(homePage, accountName);

        Assert.Equal(expected, userId);
    }

    [Fact]
    public void AwardKey_KnownParts_ReturnsPinnedHash()
    {
        var expected = Sha256Hex("4:user12:micro-lesson10:lessons/1é");

        var key = GamificationKeys.AwardKey("user", "micro-lesson", "lessons/1é");

        Assert.Equal(expected, key);
        Assert.Equal(64, key.Length);
    }

    [Fact]
    public void AwardKey_PartsMovedAcrossBoundary_Differ()
    {
        var first = GamificationKeys.AwardKey("ab", "c", "d");

        var second = GamificationKeys.AwardKey("a", "bc", "d");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void OutputStatementId_KnownParts_IsVersion8OfHash()
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("10:district-16:points5:key-1"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);

        var id = GamificationKeys.OutputStatementId("district-1", "points", "key-1");

        Assert.Equal(new Guid(hash.AsSpan(0, 16), bigEndian: true), id);
        Assert.Equal(8, id.Version);
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
