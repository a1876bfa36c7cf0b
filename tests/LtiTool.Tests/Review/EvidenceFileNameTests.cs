using LtiPd.LtiTool.Review;

namespace LtiPd.LtiTool.Tests.Review;

public sealed class EvidenceFileNameTests
{
    [Theory]
    [InlineData("invoice\u202Efdp.pdf", "invoicefdp.pdf")]
    [InlineData("plan\u200B\u200E.docx", "plan.docx")]
    [InlineData("C:\\Users\\maya\\lesson plan.pdf", "lesson plan.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a\"b<c>.png", "abc.png")]
    [InlineData("\u202E", "evidence")]
    public void Clean_UnsafeCharacters_Removed(string uploaded, string expected)
    {
        var name = EvidenceFileName.Clean(uploaded);

        Assert.Equal(expected, name);
    }
}
