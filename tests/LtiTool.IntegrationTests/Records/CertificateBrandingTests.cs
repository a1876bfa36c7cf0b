using System.Buffers.Binary;
using System.Net;
using Dapper;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using UglyToad.PdfPig;

namespace LtiPd.LtiTool.IntegrationTests.Records;

/// <summary>District branding on certificate PDFs, checked by reading each PDF back with PdfPig.</summary>
public sealed class CertificateBrandingTests : IClassFixture<LearnerAppFixture>
{
    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserId, 'test-module', 10, 1773154800000)");

    private readonly LearnerAppFixture _app;

    public CertificateBrandingTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task Certificate_PngLogo_DrawnWithColoursAndText()
    {
        var learner = await CompletedLearnerAsync("Grace Hopper Teacher");
        await BrandAsync(learner, Encode(SKEncodedImageFormat.Png, 300, 100), "image/png");

        using var pdf = await CertificateAsync(learner);

        var page = pdf.GetPage(1);
        var image = Assert.Single(page.GetImages());
        Assert.Equal(300, image.WidthInSamples);
        Assert.Equal(100, image.HeightInSamples);
        Assert.Equal(162, image.BoundingBox.Width, 0.5);
        Assert.Equal(54, image.BoundingBox.Height, 0.5);
        Assert.Contains("Branded Valley Schools", page.Text, StringComparison.Ordinal);
        Assert.Contains("Certificate of Completion", page.Text, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper Teacher", page.Text, StringComparison.Ordinal);
        Assert.Contains("Test module", page.Text, StringComparison.Ordinal);
        var heading = page.Letters.First(letter => letter.Value == "B");
        Assert.Equal((0x8A, 0x15, 0x38), ToBytes(heading.Color.ToRGBValues()));
    }

    [Fact]
    public async Task Certificate_JpegLogo_DrawnScaledToFit()
    {
        var learner = await CompletedLearnerAsync("Ada Teacher");
        await BrandAsync(learner, Encode(SKEncodedImageFormat.Jpeg, 120, 480), "image/jpeg");

        using var pdf = await CertificateAsync(learner);

        var image = Assert.Single(pdf.GetPage(1).GetImages());
        Assert.Equal(120, image.WidthInSamples);
        Assert.Equal(13.5, image.BoundingBox.Width, 0.5);
        Assert.Equal(54, image.BoundingBox.Height, 0.5);
    }

    [Fact]
    public async Task Certificate_GifLogo_IssuedWithoutImage()
    {
        var learner = await CompletedLearnerAsync("Ada Teacher");
        await BrandAsync(learner, "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray(), "image/gif");

        using var pdf = await CertificateAsync(learner);

        Assert.Empty(pdf.GetPage(1).GetImages());
        Assert.Contains("Branded Valley Schools", pdf.GetPage(1).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_OversizedPngHeader_IssuedWithoutImage()
    {
        var learner = await CompletedLearnerAsync("Ada Teacher");
        var png = Encode(SKEncodedImageFormat.Png, 4, 4);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16, 4), 100_000);

        await BrandAsync(learner, png, "image/png");
        using var pdf = await CertificateAsync(learner);

        Assert.Empty(pdf.GetPage(1).GetImages());
        Assert.Contains("Certificate of Completion", pdf.GetPage(1).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_BrokenPngData_IssuedWithoutImage()
    {
        var learner = await CompletedLearnerAsync("Ada Teacher");
        var png = Encode(SKEncodedImageFormat.Png, 40, 20)[..40];

        await BrandAsync(learner, png, "image/png");
        using var pdf = await CertificateAsync(learner);

        Assert.Empty(pdf.GetPage(1).GetImages());
        Assert.Contains("Certificate of Completion", pdf.GetPage(1).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_NoBranding_DefaultColourNoImage()
    {
        var learner = await CompletedLearnerAsync("Ada Teacher");

        using var pdf = await CertificateAsync(learner);

        var page = pdf.GetPage(1);
        Assert.Empty(page.GetImages());
        Assert.Contains("Unbranded District", page.Text, StringComparison.Ordinal);
        var heading = page.Letters.First(letter => letter.Value == "U");
        Assert.Equal((0x1F, 0x4E, 0x79), ToBytes(heading.Color.ToRGBValues()));
    }

    private async Task<Learner> CompletedLearnerAsync(string name)
    {
        var learner = await _app.CreateLearnerAsync(name, districtName: "Unbranded District " + Guid.NewGuid().ToString("N")[..6]);
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(database.Command(InsertCompletion, new { learner.Session.RegistrationId, learner.Session.UserId }, TestContext.Current.CancellationToken));
        return learner;
    }

    private async Task BrandAsync(Learner learner, byte[] logo, string mediaType)
    {
        var registration = await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, TestContext.Current.CancellationToken);
        await _app.Factory.Services.GetRequiredService<BrandingStore>().SaveAsync(
            new DistrictBranding { DistrictId = registration!.DistrictId, DisplayName = "Branded Valley Schools", PrimaryColor = "#8a1538", HeaderColor = "#0b3d2e" },
            (mediaType, logo),
            removeLogo: false,
            TestContext.Current.CancellationToken);
    }

    private async Task<PdfDocument> CertificateAsync(Learner learner)
    {
        using var response = await _app.GetAsync(learner, "/app/records/certificates/modules/test-module");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static byte[] Encode(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(0x8A, 0x15, 0x38));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Returns 0-255 channels; PDFsharp writes colours with three decimals.</summary>
    private static (int Red, int Green, int Blue) ToBytes((double Red, double Green, double Blue) rgb) =>
        ((int)Math.Round(rgb.Red * 255), (int)Math.Round(rgb.Green * 255), (int)Math.Round(rgb.Blue * 255));
}
