using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Launch;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Tests.Launch;

public sealed class RsaVerifierTests : IDisposable
{
    private static readonly byte[] SigningInput = Encoding.ASCII.GetBytes("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI3In0");

    private readonly RSA _signer = RSA.Create(2048);
    private readonly RSA _otherSigner = RSA.Create(2048);

    public void Dispose()
    {
        _signer.Dispose();
        _otherSigner.Dispose();
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Verify_ValidSignature_True(string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        var signature = _signer.SignData(SigningInput, hash, RSASignaturePadding.Pkcs1);

        Assert.True(RsaVerifier.Verify(PublicJwk(_signer), hash, SigningInput, signature));
    }

    [Fact]
    public void Verify_ChangedInputOrSignature_False()
    {
        var key = PublicJwk(_signer);
        var signature = _signer.SignData(SigningInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var changedInput = (byte[])SigningInput.Clone();
        changedInput[^1] ^= 1;
        var changedSignature = (byte[])signature.Clone();
        changedSignature[10] ^= 1;

        Assert.False(RsaVerifier.Verify(key, HashAlgorithmName.SHA256, changedInput, signature));
        Assert.False(RsaVerifier.Verify(key, HashAlgorithmName.SHA256, SigningInput, changedSignature));
        Assert.False(RsaVerifier.Verify(key, HashAlgorithmName.SHA256, SigningInput, signature.AsSpan(0, signature.Length - 1)));
        Assert.False(RsaVerifier.Verify(key, HashAlgorithmName.SHA256, SigningInput, []));
        Assert.True(RsaVerifier.Verify(key, HashAlgorithmName.SHA256, SigningInput, signature));
    }

    [Fact]
    public void Verify_OtherKeyOrHash_False()
    {
        var signature = _signer.SignData(SigningInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.False(RsaVerifier.Verify(PublicJwk(_otherSigner), HashAlgorithmName.SHA256, SigningInput, signature));
        Assert.False(RsaVerifier.Verify(PublicJwk(_signer), HashAlgorithmName.SHA384, SigningInput, signature));
    }

    [Fact]
    public void OpenSslRsaKey_ConcurrentUse_CorrectResults()
    {
        Assert.SkipUnless(OpenSslRsaKey.IsSupported, "libcrypto.so.3 (OpenSSL 3) cannot be loaded here, so RsaVerifier uses .NET's RSA.");
        var key = OpenSslRsaKey.Create(_signer.ExportParameters(false), HashAlgorithmName.SHA256);
        var digests = Enumerable.Range(0, 64).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();
        var signatures = digests.Select(digest => _signer.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)).ToArray();

        // Every digest is checked with its own signature and with its neighbour's, on many threads at once.
        var results = new bool[digests.Length, 2];
        Parallel.For(0, digests.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var n = i % digests.Length;
            results[n, 0] = key.VerifyHash(digests[n], signatures[n]);
            results[n, 1] = key.VerifyHash(digests[n], signatures[(n + 1) % digests.Length]);
        });

        for (var n = 0; n < digests.Length; n++)
        {
            Assert.True(results[n, 0], $"digest {n} with its own signature");
            Assert.False(results[n, 1], $"digest {n} with another digest's signature");
        }
    }

    [Theory]
    [InlineData("SHA256", 40)]
    [InlineData("SHA384", 2048)]
    [InlineData("SHA512", 5000)]
    public void VerifyAscii_SigningInputText_SameResultAsBytes(string hashName, int length)
    {
        // 5,000 characters span several of the 2,048-character chunks the digest is fed in.
        var hash = new HashAlgorithmName(hashName);
        var text = string.Concat(Enumerable.Repeat("eyJhbGciOiJSUzI1NiJ9.", (length / 21) + 1))[..length];
        var signature = _signer.SignData(Encoding.ASCII.GetBytes(text), hash, RSASignaturePadding.Pkcs1);
        var key = PublicJwk(_signer);

        Assert.True(RsaVerifier.VerifyAscii(key, hash, text, signature));
        Assert.False(RsaVerifier.VerifyAscii(key, hash, text[..^1] + "x", signature));
        Assert.False(RsaVerifier.VerifyAscii(key, hash, text, []));
        Assert.False(RsaVerifier.VerifyAscii(PublicJwk(_otherSigner), hash, text, signature));
    }

    [Fact]
    public void VerifyAscii_NonAsciiCharacter_HashedAsQuestionMark()
    {
        var signature = _signer.SignData(Encoding.ASCII.GetBytes("a?b"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.True(RsaVerifier.VerifyAscii(PublicJwk(_signer), HashAlgorithmName.SHA256, "a\u00e9b", signature));
    }

    [Fact]
    public void OpenSslRsaKey_ConcurrentAsciiData_CorrectResults()
    {
        Assert.SkipUnless(OpenSslRsaKey.IsSupported, "libcrypto.so.3 (OpenSSL 3) cannot be loaded here, so RsaVerifier uses .NET's RSA.");
        var key = OpenSslRsaKey.Create(_signer.ExportParameters(false), HashAlgorithmName.SHA256);
        var inputs = Enumerable.Range(0, 32).Select(i => new string((char)('a' + (i % 26)), 3000 + i)).ToArray();
        var signatures = inputs.Select(input => _signer.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)).ToArray();

        // Each verification hashes in several chunks, so a digest context shared by two threads would show.
        var results = new bool[inputs.Length, 2];
        Parallel.For(0, inputs.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var n = i % inputs.Length;
            results[n, 0] = key.VerifyAsciiData(inputs[n], signatures[n]);
            results[n, 1] = key.VerifyAsciiData(inputs[n], signatures[(n + 1) % inputs.Length]);
        });

        for (var n = 0; n < inputs.Length; n++)
        {
            Assert.True(results[n, 0], $"input {n} with its own signature");
            Assert.False(results[n, 1], $"input {n} with another input's signature");
        }
    }

    [Fact]
    public void OpenSslRsaKey_InvalidModulus_Throws()
    {
        Assert.SkipUnless(OpenSslRsaKey.IsSupported, "libcrypto.so.3 (OpenSSL 3) cannot be loaded here, so RsaVerifier uses .NET's RSA.");
        var parameters = new RSAParameters { Modulus = [0], Exponent = [1, 0, 1] };

        Assert.ThrowsAny<CryptographicException>(() => OpenSslRsaKey.Create(parameters, HashAlgorithmName.SHA256));
    }

    private static JsonWebKey PublicJwk(RSA rsa) =>
        JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
}
