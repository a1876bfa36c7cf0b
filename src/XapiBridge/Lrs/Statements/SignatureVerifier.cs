using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Checks the JWS of a signed statement (xAPI 1.0.3 Data 2.6): a compact JWS using RS256,
/// RS384 or RS512 whose payload is the statement itself. When the JWS header carries an
/// <c>x5c</c> certificate chain, the signature is verified with the first certificate's key.
/// </summary>
internal static class SignatureVerifier
{
    public const string SignatureUsageType = "http://adlnet.gov/expapi/attachments/signature";

    public static LrsError? Verify(JsonElement statement, byte[] jws, string field)
    {
        var segments = Encoding.ASCII.GetString(jws).Trim().Split('.');
        if (segments.Length != 3)
        {
            return LrsErrors.InvalidSignature(field, "The signature attachment is not a compact JWS (header.payload.signature).");
        }

        JsonDocument header;
        JsonDocument payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[0]));
            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1]));
            signature = Base64Url.DecodeFromChars(segments[2]);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return LrsErrors.InvalidSignature(field, "The JWS header or payload is not Base64url-encoded JSON. Sign the statement as a compact JWS.");
        }

        using (header)
        using (payload)
        {
            var algorithm = LrsJson.GetString(header.RootElement, "alg");
            HashAlgorithmName? hash = algorithm switch
            {
                "RS256" => HashAlgorithmName.SHA256,
                "RS384" => HashAlgorithmName.SHA384,
                "RS512" => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (hash is null)
            {
                return LrsErrors.InvalidSignature(field, $"JWS algorithm '{algorithm}' is not allowed. Sign with RS256, RS384 or RS512.");
            }

            if (!StatementComparer.SameContent(payload.RootElement, statement, "attachments"))
            {
                return LrsErrors.InvalidSignature(field, "The JWS payload does not match the statement. Sign the statement exactly as sent, without its attachments.");
            }

            if (header.RootElement.TryGetProperty("x5c", out var chain) && chain.ValueKind == JsonValueKind.Array && chain.GetArrayLength() > 0)
            {
                return VerifyWithCertificate(chain[0], segments, signature, hash.Value, field);
            }
        }

        return null;
    }

    private static LrsError? VerifyWithCertificate(JsonElement encodedCertificate, string[] segments, byte[] signature, HashAlgorithmName hash, string field)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(encodedCertificate.GetString() ?? ""));
            using var key = certificate.GetRSAPublicKey();
            if (key is null)
            {
                return LrsErrors.InvalidSignature(field, "The x5c certificate contains no RSA key. Sign with an RSA key and include its certificate.");
            }

            var signedBytes = Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]);
            return key.VerifyData(signedBytes, signature, hash, RSASignaturePadding.Pkcs1)
                ? null
                : LrsErrors.InvalidSignature(field, "The JWS signature does not verify with the x5c certificate. Sign with the key of the first certificate.");
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or InvalidOperationException)
        {
            return LrsErrors.InvalidSignature(field, "The x5c certificate cannot be read. Send Base64 DER certificates in x5c.");
        }
    }
}
