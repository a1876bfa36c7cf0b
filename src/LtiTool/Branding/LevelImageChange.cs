namespace LtiPd.LtiTool.Branding;

/// <summary>The change the settings form requests for one level's image.</summary>
/// <param name="Level">The level number, from 1.</param>
/// <param name="Upload">A checked image file that replaces the stored one, or null.</param>
/// <param name="Url">The https image URL for the district's rules, or null for none.</param>
/// <param name="Remove">Whether the stored image is deleted without a replacement.</param>
/// <param name="UrlSent">Whether the form had the URL field at all; without it the rules keep their URL.</param>
internal sealed record LevelImageChange(int Level, (string MediaType, byte[] Bytes)? Upload, string? Url, bool Remove, bool UrlSent)
{
    /// <summary>Returns the image URL the level gets in the rules: none when an upload or a removal replaces it.</summary>
    public string? UrlFor(string? current)
    {
        if (Upload is not null || Remove)
        {
            return null;
        }

        return UrlSent ? Url : current;
    }

    /// <summary>Whether the stored upload goes: a new upload, a URL in its place, or removal.</summary>
    public bool ReplacesStored => Upload is not null || Url is not null || Remove;
}
