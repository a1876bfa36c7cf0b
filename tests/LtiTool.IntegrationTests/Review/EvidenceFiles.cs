using System.IO.Compression;
using System.Text;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>Small files whose bytes are, or only pretend to be, an accepted evidence type.</summary>
internal static class EvidenceFiles
{
    public static byte[] Pdf(int length = 64)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    /// <summary>A ZIP with the two parts that make it a Word document package, or only the content types part.</summary>
    public static byte[] Docx(bool withDocumentPart = true)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(archive, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            if (withDocumentPart)
            {
                AddEntry(archive, "word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>");
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Html() => Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");

    private static void AddEntry(ZipArchive archive, string name, string text)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
