namespace LtiPd.LtiTool.Branding;

/// <summary>An uploaded level image as pages link to it.</summary>
/// <param name="Level">The level number, from 1.</param>
/// <param name="ImageId">The random name of this upload; a new upload gets a new one.</param>
/// <param name="MediaType">The media type found from the image's leading bytes.</param>
public sealed record LevelImage(int Level, string ImageId, string MediaType)
{
    /// <summary>Returns the path that serves the image to people signed in to <paramref name="districtId"/>.</summary>
    public string PathFor(string districtId) =>
        $"/app/branding/{Uri.EscapeDataString(districtId)}/levels/{Level}/{ImageId}";
}
