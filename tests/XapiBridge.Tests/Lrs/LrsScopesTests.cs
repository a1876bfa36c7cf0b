using LtiPd.XapiBridge.Lrs.Credentials;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class LrsScopesTests
{
    [Theory]
    [InlineData("all", LrsScopes.StatementsWrite, true, true)]
    [InlineData("all/read", LrsScopes.StatementsRead, false, true)]
    [InlineData("all/read", LrsScopes.StatementsWrite, true, false)]
    [InlineData("all/read", LrsScopes.State, true, false)]
    [InlineData("statements/read/mine", LrsScopes.StatementsRead, false, true)]
    [InlineData("statements/write", LrsScopes.StatementsRead, false, false)]
    [InlineData("state", LrsScopes.State, true, true)]
    [InlineData("state", LrsScopes.Profile, false, false)]
    [InlineData("profile define", LrsScopes.Profile, true, true)]
    public void Allows_ScopeMatrix(string granted, LrsScopes needed, bool write, bool expected)
    {
        Assert.True(LrsScopeNames.TryParse([granted], out var scopes, out _));
        var credential = new LrsCredential("key", "district-a", scopes, "api", DateTimeOffset.UnixEpoch);

        Assert.Equal(expected, credential.Allows(needed, write));
    }

    [Fact]
    public void CanReadAllStatements_ReadMineOnly_False()
    {
        var credential = new LrsCredential("key", "district-a", LrsScopes.StatementsReadMine, "api", DateTimeOffset.UnixEpoch);

        Assert.False(credential.CanReadAllStatements);
    }

    [Fact]
    public void FormatThenParse_RoundTrips()
    {
        const LrsScopes scopes = LrsScopes.StatementsWrite | LrsScopes.State | LrsScopes.AllRead;

        Assert.True(LrsScopeNames.TryParse([LrsScopeNames.Format(scopes)], out var parsed, out _));
        Assert.Equal(scopes, parsed);
    }
}
