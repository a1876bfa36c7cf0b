namespace LtiPd.LtiTool.Branding;

/// <summary>
/// Reads the level image part of the settings form: per level an image file
/// (<c>level_image_N</c>), an https URL (<c>level_image_url_N</c>) or a removal
/// (<c>remove_level_image_N</c>).
/// </summary>
internal static class LevelImageForm
{
    private const int MaxFileNameShown = 80;

    /// <summary>Returns one change per level; problems go to <paramref name="errors"/>, each naming the level and the fix.</summary>
    public static async Task<IReadOnlyList<LevelImageChange>> ParseAsync(IFormCollection form, int levelCount, List<string> errors, CancellationToken cancellationToken)
    {
        var changes = new List<LevelImageChange>(levelCount);
        for (var level = 1; level <= levelCount; level++)
        {
            var file = form.Files.GetFile($"level_image_{level}");
            var subject = $"The image file '{ShownName(file)}' for level {level}";
            var upload = await UploadedImage.ReadAsync(file, subject, errors, cancellationToken);
            var url = ParseUrl(form[$"level_image_url_{level}"].ToString().Trim(), level, errors);
            if (upload is not null && url is not null)
            {
                errors.Add($"Level {level} has both an image file and an image URL. Clear the URL to use the file, or choose no file to use the URL.");
            }

            var remove = form[$"remove_level_image_{level}"].ToString() == "on";
            if (remove && (upload is not null || url is not null))
            {
                var replacement = upload is not null ? "file" : "URL";
                errors.Add($"Level {level} has \"Remove the image of level {level}\" checked and also a new image {replacement}. Uncheck the removal to use the new image, or clear the {replacement} to remove the image.");
            }

            changes.Add(new LevelImageChange(level, upload, url, remove, form.ContainsKey($"level_image_url_{level}")));
        }

        return changes;
    }

    private static string? ParseUrl(string text, int level, List<string> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (UploadedImage.HttpsUrl(text, BrandingForm.MaxUrlLength) is not { } url)
        {
            errors.Add($"The image URL '{text}' of level {level} is not an https URL of at most {BrandingForm.MaxUrlLength} characters. Use an address such as https://www.district.example.org/level-{level}.png, or upload the image.");
            return null;
        }

        return url;
    }

    // The browser's file name is the person's own input, so only printable characters of a
    // short prefix are shown back (the page encodes them as HTML).
    private static string ShownName(IFormFile? file)
    {
        var name = new string((file?.FileName ?? string.Empty).Where(character => !char.IsControl(character)).Take(MaxFileNameShown).ToArray());
        return name.Length == 0 ? "(no name)" : name;
    }
}
