using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Resolves every font request to the Segoe WP faces that the PDFsharp package ships in
/// PdfSharp.WPFonts, so certificates render the same on any machine, with no system fonts
/// installed. Italic is simulated by slanting the regular face.
/// </summary>
internal sealed class CertificateFontResolver : IFontResolver
{
    public const string FamilyName = "Segoe WP";

    private const string RegularFace = "SegoeWP";
    private const string BoldFace = "SegoeWP-Bold";

    private static readonly Lock InstallLock = new();

    /// <summary>
    /// Installs this resolver as PDFsharp's process-wide font resolver, unless one is already
    /// installed. PDFsharp allows one resolver per process.
    /// </summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            // NOTE: when another part of the process installed its own resolver first, that one
            // must resolve the "Segoe WP" family too, or certificates fail to render.
            GlobalFontSettings.FontResolver ??= new CertificateFontResolver();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => faceName == BoldFace ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
}
