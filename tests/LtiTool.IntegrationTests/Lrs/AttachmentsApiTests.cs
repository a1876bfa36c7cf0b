using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

public sealed class AttachmentsApiTests : IClassFixture<LrsApiFactory>
{
    private const string SignatureUsage = "http://adlnet.gov/expapi/attachments/signature";

    private readonly LrsApiFactory _factory;

    public AttachmentsApiTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_MultipartAttachment_ReturnedWithAttachmentsTrue()
    {
        using var client = _factory.CreateLrsClient();
        var content = Encoding.UTF8.GetBytes("lesson reflection " + Guid.NewGuid());
        var statement = WithAttachment(Json.Statement(), "http://id.tincanapi.com/attachment/supporting_media", "text/plain", content);

        using var post = await client.PostAsync("/xapi/statements", Multipart(statement, ("text/plain", content)), Token);
        var id = (await Json.ReadAsync(post))[0]!.GetValue<string>();
        using var get = await client.GetAsync($"/xapi/statements?statementId={id}&attachments=true", Token);
        var body = await get.Content.ReadAsByteArrayAsync(Token);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("multipart/mixed", Json.ContentType(get).MediaType);
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains($"X-Experience-API-Hash: {Sha256(content)}", text, StringComparison.Ordinal);
        Assert.Contains(Encoding.UTF8.GetString(content), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AttachmentWithoutPart_400()
    {
        using var client = _factory.CreateLrsClient();
        var statement = WithAttachment(Json.Statement(), "http://id.tincanapi.com/attachment/supporting_media", "text/plain", "missing"u8.ToArray());

        using var response = await client.PostAsync("/xapi/statements", Json.Body(statement), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_PartWithWrongHash_400()
    {
        using var client = _factory.CreateLrsClient();
        var declared = "declared"u8.ToArray();
        var statement = WithAttachment(Json.Statement(), "http://id.tincanapi.com/attachment/supporting_media", "text/plain", declared);
        using var body = Multipart(statement, ("text/plain", "different"u8.ToArray()), Sha256(declared));

        using var response = await client.PostAsync("/xapi/statements", body, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_SignedStatement_AcceptedWhenJwsMatches()
    {
        using var client = _factory.CreateLrsClient();
        using var key = RSA.Create(2048);
        var statement = Json.Statement(Guid.NewGuid().ToString());
        statement["result"] = new JsonObject { ["duration"] = "PT2.3456S" };
        var signed = (JsonObject)statement.DeepClone();
        signed["result"] = new JsonObject { ["duration"] = "PT2.34S" };
        var jws = Sign(signed, key);

        using var response = await client.PostAsync("/xapi/statements", Multipart(WithAttachment(statement, SignatureUsage, "application/octet-stream", jws), ("application/octet-stream", jws)), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_SignedStatement_RejectedWhenPayloadDiffers()
    {
        using var client = _factory.CreateLrsClient();
        using var key = RSA.Create(2048);
        var statement = Json.Statement();
        var jws = Sign(Json.Statement(mbox: "mailto:someone-else@district.example"), key);

        using var response = await client.PostAsync("/xapi/statements", Multipart(WithAttachment(statement, SignatureUsage, "application/octet-stream", jws), ("application/octet-stream", jws)), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("LRS2108", (await Json.ReadAsync(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_SignedStatement_RejectedWhenSignatureBroken()
    {
        using var client = _factory.CreateLrsClient();
        using var key = RSA.Create(2048);
        var statement = Json.Statement();
        var jws = Sign(statement, key);
        jws[^3] = (byte)(jws[^3] == (byte)'A' ? 'B' : 'A');

        using var response = await client.PostAsync("/xapi/statements", Multipart(WithAttachment(statement, SignatureUsage, "application/octet-stream", jws), ("application/octet-stream", jws)), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static JsonObject WithAttachment(JsonObject statement, string usageType, string contentType, byte[] content)
    {
        var copy = (JsonObject)statement.DeepClone();
        copy["attachments"] = new JsonArray(new JsonObject
        {
            ["usageType"] = usageType,
            ["display"] = new JsonObject { ["en-US"] = "attachment" },
            ["contentType"] = contentType,
            ["length"] = content.Length,
            ["sha2"] = Sha256(content),
        });
        return copy;
    }

    private static ByteArrayContent Multipart(JsonObject statement, (string ContentType, byte[] Content) part, string? hash = null)
    {
        const string boundary = "lrs-test-boundary";
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Type: application/json\r\n\r\n{statement.ToJsonString()}\r\n");
        Write($"--{boundary}\r\nContent-Type: {part.ContentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {hash ?? Sha256(part.Content)}\r\n\r\n");
        body.Write(part.Content);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={boundary}");
        return content;
    }

    private static byte[] Sign(JsonObject statement, RSA key)
    {
        var request = new CertificateRequest("CN=LtiPd test signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var header = new JsonObject { ["alg"] = "RS256", ["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData)) };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(statement.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Encoding.ASCII.GetBytes(signingInput + "." + Base64Url.EncodeToString(signature));
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
