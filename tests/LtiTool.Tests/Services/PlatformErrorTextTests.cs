using LtiPd.LtiTool.Services;

namespace LtiPd.LtiTool.Tests.Services;

public sealed class PlatformErrorTextTests
{
    [Theory]
    [InlineData("{\"errors\":[{\"message\":\"Provided timestamp of 2026-12-04T20:15:00.123Z before last updated timestamp of 2026-12-04T20:16:00.000Z\"}]}",
        "Provided timestamp of 2026-12-04T20:15:00.123Z before last updated timestamp of 2026-12-04T20:16:00.000Z")]
    [InlineData("{\"errors\":{\"type\":\"unprocessable_entity\",\"message\":\"User not found in course or is not a student\"}}", "User not found in course or is not a student")]
    [InlineData("{\"error\":\"invalid_client\",\"error_description\":\"Client assertion has no kid\"}", "invalid_client: Client assertion has no kid")]
    [InlineData("{\"title\":\"Conflict\",\"detail\":\"A later score is recorded\"}", "Conflict: A later score is recorded")]
    [InlineData("Line item not found\n", "Line item not found")]
    [InlineData("", "(no response body)")]
    public void From_PlatformBodies_ReturnsMessage(string body, string expected)
    {
        Assert.Equal(expected, PlatformErrorText.From(body));
    }

    [Fact]
    public void From_LongBody_IsCut()
    {
        var text = PlatformErrorText.From(new string('x', 1000));

        Assert.Equal(301, text.Length);
    }
}
