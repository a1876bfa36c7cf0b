using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    private static readonly string[] AttachmentProperties = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"];

    private void Attachments(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(path, ValidationRules.JsonType, $"The attachments must be an array of Attachment objects, but the value is {Describe(element)}.");
            return;
        }

        var index = 0;
        foreach (var attachment in element.EnumerateArray())
        {
            Attachment(attachment, Index(path, index));
            index++;
        }
    }

    private void Attachment(JsonElement element, string path)
    {
        const string What = "an attachment";
        var properties = ReadObject(element, path, What, AttachmentProperties);
        if (properties is null)
        {
            return;
        }

        foreach (var required in new[] { "usageType", "display", "contentType", "length", "sha2" })
        {
            RequireProperty(properties, required, path, What);
        }

        if (properties.TryGetValue("usageType", out var usageType))
        {
            CheckIri(usageType, Child(path, "usageType"), "the attachment usageType");
        }

        if (properties.TryGetValue("display", out var display))
        {
            LanguageMap(display, Child(path, "display"), "the attachment display");
        }

        if (properties.TryGetValue("description", out var description))
        {
            LanguageMap(description, Child(path, "description"), "the attachment description");
        }

        if (properties.TryGetValue("contentType", out var contentTypeElement))
        {
            var contentType = ReadString(contentTypeElement, Child(path, "contentType"), "the attachment contentType");
            if (contentType is not null && !XapiFormats.IsMediaType(contentType))
            {
                Add(Child(path, "contentType"), ValidationRules.ContentType, $"The attachment contentType {Quote(contentType)} is not an Internet media type; use a type such as application/pdf or text/plain; charset=utf-8.");
            }
        }

        if (properties.TryGetValue("length", out var length))
        {
            if (length.ValueKind != JsonValueKind.Number || !length.TryGetInt64(out var bytes) || bytes < 0)
            {
                Add(Child(path, "length"), ValidationRules.AttachmentLength, $"The attachment length must be a whole, non-negative number of bytes, but the value is {Describe(length)}.");
            }
        }

        if (properties.TryGetValue("sha2", out var sha2Element))
        {
            var sha2 = ReadString(sha2Element, Child(path, "sha2"), "the attachment sha2");
            if (sha2 is not null && !XapiFormats.IsSha2Hex(sha2))
            {
                Add(Child(path, "sha2"), ValidationRules.Sha2, $"The attachment sha2 {Quote(sha2)} is not a SHA-2 digest; use the hexadecimal SHA-256 (64 digits) of the attachment's bytes.");
            }
        }

        if (properties.TryGetValue("fileUrl", out var fileUrl))
        {
            CheckIri(fileUrl, Child(path, "fileUrl"), "the attachment fileUrl");
        }
    }
}
