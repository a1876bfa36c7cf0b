using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class ReflectionCheckTests
{
    private static readonly ReflectionSpec Spec = new("Prompt", MinLength: 10, MaxLength: 20);

    [Fact]
    public void Normalize_OuterWhiteSpace_IsNotCounted()
    {
        var (text, length) = ReflectionCheck.Normalize("  one\r\ntwo  \n");

        Assert.Equal("one\ntwo", text);
        Assert.Equal(7, length);
    }

    [Fact]
    public void Normalize_Emoji_CountsAsOneCharacter()
    {
        var (_, length) = ReflectionCheck.Normalize("ok 👍🏽");

        Assert.Equal(4, length);
    }

    [Fact]
    public void Problem_TooShort_SaysHowManyMore()
    {
        var problem = ReflectionCheck.Problem(Spec, 7);

        Assert.Equal("Your reflection has 7 characters. Write at least 10 characters (3 more) to finish this activity.", problem);
    }

    [Fact]
    public void Problem_Empty_SaysItIsEmpty()
    {
        Assert.Equal("Your reflection is empty. Write at least 10 characters to finish this activity.", ReflectionCheck.Problem(Spec, 0));
    }

    [Fact]
    public void Problem_TooLong_SaysHowMuchToCut()
    {
        Assert.Equal("Your reflection has 25 characters, more than the limit of 20. Shorten it by 5 characters.", ReflectionCheck.Problem(Spec, 25));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    public void Problem_WithinLimits_IsNull(int length)
    {
        Assert.Null(ReflectionCheck.Problem(Spec, length));
    }
}
