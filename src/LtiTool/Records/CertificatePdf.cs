using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace LtiPd.LtiTool.Records;

/// <summary>Renders a certificate as a one-page US Letter landscape PDF.</summary>
internal static partial class CertificatePdf
{
    private const double PageWidth = 792;   // 11 in, in points.
    private const double PageHeight = 612;  // 8.5 in, in points.
    private const double Margin = 54;
    private const double LogoMaxWidth = 200;
    private const double LogoMaxHeight = 54;
    private const double BandHeight = 10;

    /// <summary>
    /// Returns the PDF bytes of <paramref name="certificate"/>, linking to <paramref name="verificationUrl"/>.
    /// A logo PDFsharp cannot decode is left out and logged, so the certificate is still issued.
    /// </summary>
    public static byte[] Render(Certificate certificate, CertificateBrand brand, string holderName, Uri verificationUrl, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(brand);
        ArgumentNullException.ThrowIfNull(verificationUrl);
        ArgumentNullException.ThrowIfNull(logger);
        CertificateFontResolver.Install();
        if (brand.Logo is null)
        {
            return RenderDocument(certificate, brand, holderName, verificationUrl);
        }

        try
        {
            return RenderDocument(certificate, brand, holderName, verificationUrl);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The header was read, but the image data behind it is broken.
            Log.LogoNotDrawn(logger, certificate.DistrictId, brand.Logo.MediaType, exception);
            return RenderDocument(certificate, brand with { Logo = null }, holderName, verificationUrl);
        }
    }

    private static byte[] RenderDocument(Certificate certificate, CertificateBrand brand, string holderName, Uri verificationUrl)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Certificate: {certificate.Subject.Title}";
        document.Info.Author = brand.DistrictName;
        document.Info.Subject = "Professional development certificate";
        document.Info.CreationDate = certificate.IssuedAt.UtcDateTime;

        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            DrawPage(graphics, certificate, brand, holderName, verificationUrl);
        }

        // The verification line is also a link, so a reader of the PDF can open it.
        page.AddWebLink(new PdfRectangle(new XRect(Margin, PageHeight - Margin - 40, PageWidth - 2 * Margin, 20)), verificationUrl.AbsoluteUri);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawPage(XGraphics graphics, Certificate certificate, CertificateBrand brand, string holderName, Uri verificationUrl)
    {
        var accent = ParseColor(brand.AccentColor) ?? ParseColor(CertificateBrand.DefaultAccentColor)!.Value;
        if (ParseColor(brand.BandColor) is { } band)
        {
            var bandBrush = new XSolidBrush(band);
            graphics.DrawRectangle(bandBrush, 32, 32, PageWidth - 64, BandHeight);
            graphics.DrawRectangle(bandBrush, 32, PageHeight - 32 - BandHeight, PageWidth - 64, BandHeight);
        }

        var accentPen = new XPen(accent, 3);
        graphics.DrawRectangle(accentPen, 24, 24, PageWidth - 48, PageHeight - 48);
        graphics.DrawRectangle(new XPen(accent, 0.75), 32, 32, PageWidth - 64, PageHeight - 64);

        var accentBrush = new XSolidBrush(accent);
        var text = XBrushes.Black;
        var y = Margin + 10;
        if (brand.Logo is { } logo)
        {
            y = DrawLogo(graphics, logo, Margin - 4) + 8;
        }

        y = DrawCentered(graphics, brand.DistrictName, XFontStyleEx.Bold, 20, accentBrush, y);
        y = DrawCentered(graphics, "Certificate of Completion", XFontStyleEx.Bold, 34, accentBrush, y + 36);
        y = DrawCentered(graphics, "This certifies that", XFontStyleEx.Regular, 14, text, y + 34);
        y = DrawCentered(graphics, holderName, XFontStyleEx.Bold, 28, text, y + 16);
        var kind = certificate.Subject.Kind == CertificateKind.Pathway ? "professional development pathway" : "professional development module";
        y = DrawCentered(graphics, $"completed the {kind}", XFontStyleEx.Regular, 14, text, y + 20);
        y = DrawCentered(graphics, certificate.Subject.Title, XFontStyleEx.Bold, 22, text, y + 16);
        y = DrawCentered(graphics, $"{FormatHours(certificate.Subject.CreditHours)} on {FormatDate(certificate.Subject.CompletedAt)}", XFontStyleEx.Regular, 16, text, y + 28);
        DrawCentered(graphics, $"Issued {FormatDate(certificate.IssuedAt)} by {brand.DistrictName}", XFontStyleEx.Regular, 11, text, y + 24);

        DrawCentered(graphics, $"Verify this certificate at {verificationUrl.AbsoluteUri}", XFontStyleEx.Regular, 10, text, PageHeight - Margin - 36);
        DrawCentered(graphics, $"Certificate code {certificate.Code}", XFontStyleEx.Regular, 9, text, PageHeight - Margin - 20);
    }

    /// <summary>Draws the logo centred below <paramref name="top"/>, scaled to fit its box with its aspect ratio kept; returns its bottom.</summary>
    private static double DrawLogo(XGraphics graphics, CertificateLogo logo, double top)
    {
        using var stream = new MemoryStream(logo.Bytes, writable: false);
        using var image = XImage.FromStream(stream);
        var scale = Math.Min(LogoMaxWidth / logo.Width, LogoMaxHeight / logo.Height);
        var width = logo.Width * scale;
        var height = logo.Height * scale;
        graphics.DrawImage(image, (PageWidth - width) / 2, top, width, height);
        return top + height;
    }

    /// <summary>Draws one centred line below <paramref name="top"/>, shrinking the font until it fits; returns the line's bottom.</summary>
    private static double DrawCentered(XGraphics graphics, string line, XFontStyleEx style, double size, XBrush brush, double top)
    {
        var width = PageWidth - 2 * Margin;
        var font = new XFont(CertificateFontResolver.FamilyName, size, style);
        while (graphics.MeasureString(line, font).Width > width && size > 8)
        {
            size -= 1;
            font = new XFont(CertificateFontResolver.FamilyName, size, style);
        }

        var height = font.GetHeight();
        graphics.DrawString(line, font, brush, new XRect(Margin, top, width, height), XStringFormats.TopCenter);
        return top + height;
    }

    internal static string FormatHours(decimal hours) =>
        string.Create(CultureInfo.InvariantCulture, $"{hours:0.##} PD credit {(hours == 1m ? "hour" : "hours")}");

    internal static string FormatDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>Returns the colour of a <c>#RRGGBB</c> value, or null when it is missing or malformed (the settings page stores only valid ones).</summary>
    private static XColor? ParseColor(string? hex)
    {
        var digits = hex?.TrimStart('#');
        if (digits is not { Length: 6 } || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return null;
        }

        return XColor.FromArgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1182, EventName = "CertificateLogoNotDrawn", Level = LogLevel.Warning,
            Message = "The {MediaType} logo of district {DistrictId} could not be drawn; the certificate was issued without it")]
        public static partial void LogoNotDrawn(ILogger logger, string districtId, string mediaType, Exception exception);
    }
}
