using System.IO.Compression;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// A file type evidence may be uploaded as. A file is accepted only when its extension names one
/// of these types and its first bytes (and, for Office files, its ZIP entries) are that type's.
/// </summary>
internal sealed record EvidenceFileType(string Label, string ContentType, IReadOnlyList<string> Extensions)
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    public static readonly EvidenceFileType Pdf = new("PDF", "application/pdf", [".pdf"]);
    public static readonly EvidenceFileType Png = new("PNG image", "image/png", [".png"]);
    public static readonly EvidenceFileType Jpeg = new("JPEG image", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly EvidenceFileType Word = new("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly EvidenceFileType PowerPoint = new("PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"]);
    public static readonly EvidenceFileType Excel = new("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);

    /// <summary>Every accepted type, in the order the upload hint lists them.</summary>
    public static IReadOnlyList<EvidenceFileType> All { get; } = [Pdf, Word, PowerPoint, Excel, Png, Jpeg];

    /// <summary>The extensions for the file input's <c>accept</c> attribute, such as <c>.pdf,.docx</c>.</summary>
    public static string AcceptAttribute { get; } = string.Join(',', All.SelectMany(type => type.Extensions));

    /// <summary>Returns the type an extension names, or null when no accepted type has it.</summary>
    public static EvidenceFileType? ForExtension(string extension) =>
        All.FirstOrDefault(type => type.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Checks that the stored file's bytes are this type. OOXML files are ZIP archives, so for
    /// them the archive must open and hold the part that makes it a document of that kind
    /// (ECMA-376 Part 2: the package's main part).
    /// </summary>
    public bool Matches(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var start = head[..read];
        if (this == Pdf)
        {
            return start.StartsWith(PdfMagic);
        }

        if (this == Png)
        {
            return start.StartsWith(PngMagic);
        }

        if (this == Jpeg)
        {
            return start.StartsWith(JpegMagic);
        }

        return start.StartsWith(ZipMagic) && HasZipEntry(path, MainPart());
    }

    private string MainPart() =>
        this == Word ? "word/document.xml"
        : this == PowerPoint ? "ppt/presentation.xml"
        : this == Excel ? "xl/workbook.xml"
        : throw new InvalidOperationException($"No main part is known for {Label}.");

    private static bool HasZipEntry(string path, string entryName)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            return archive.GetEntry("[Content_Types].xml") is not null && archive.GetEntry(entryName) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
