using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using LtiPd.Benchmarks.Platform;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Benchmarks.Validation;

/// <summary>
/// Compares <see cref="IdTokenValidator.ValidateAsync"/> on a Canvas-like RS256 id_token (2048-bit
/// key, JWKS already cached) with the raw RSA-2048 verification of the same bytes. Each benchmark
/// runs on one thread, so 1 s divided by its mean is the rate of one core.
/// </summary>
[MemoryDiagnoser]
public class IdTokenValidationBenchmarks : IDisposable
{
    private const string Issuer = "https://canvas.instructure.com";
    private const string ClientId = "10000000000042";
    private const string DeploymentId = "17:8865aa05b4b79b64a91a86042e43af5ea8ae79eb";
    private const string ToolOrigin = "https://pd.district.example.org";

    private PlatformSigner _signer = null!;
    private ServiceProvider _services = null!;
    private IdTokenValidator _validator = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _signatureOnlyParameters = null!;
    private PlatformRegistration _registration = null!;
    private LoginState _login = null!;
    private ToolUrls _toolUrls = null!;
    private string _idToken = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private string _encodedPayload = null!;
    private JsonWebKey _platformKey = null!;

    /// <summary>Signs one token, fills the JWKS cache and checks that the token validates.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _signer = new PlatformSigner();
        _toolUrls = new ToolUrls(ToolOrigin);
        _registration = new PlatformRegistration
        {
            Id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            DistrictId = "bench-district",
            Issuer = Issuer,
            ClientId = ClientId,
            AuthUrl = "https://sso.canvaslms.com/api/lti/authorize_redirect",
            TokenUrl = "https://sso.canvaslms.com/login/oauth2/token",
            JwksUrl = "https://sso.canvaslms.com/api/lti/security/jwks",
        };

        var nonce = Tokens.NewRandom();
        _login = new LoginState(
            Tokens.NewRandom(), nonce, _registration.Id, DeploymentId, ToolOrigin + "/app", "unused-in-validation", DateTimeOffset.UtcNow.AddMinutes(10));
        var claims = new CanvasLaunchClaims { Issuer = Issuer, ClientId = ClientId, DeploymentId = DeploymentId, TargetLinkUri = ToolOrigin + "/app" };
        _idToken = _signer.Sign(claims.Serialize(nonce, userNumber: 7, courseNumber: 3, DateTimeOffset.UtcNow));

        var lastDot = _idToken.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_idToken[..lastDot]);
        _signature = Base64UrlEncoder.DecodeBytes(_idToken[(lastDot + 1)..]);
        var firstDot = _idToken.IndexOf('.', StringComparison.Ordinal);
        _encodedPayload = _idToken[(firstDot + 1)..lastDot];

        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHttpClientFactory>(new StaticJwksHttpClientFactory(_signer.JwksJson()))
            .AddSingleton<PlatformKeyCache>()
            .AddSingleton<IdTokenValidator>()
            .BuildServiceProvider();
        _validator = _services.GetRequiredService<IdTokenValidator>();
        var keyCache = _services.GetRequiredService<PlatformKeyCache>();
        _platformKey = keyCache.FindSigningKeyAsync(_registration.JwksUrl, _signer.KeyId, CancellationToken.None).GetAwaiter().GetResult().Key
            ?? throw new InvalidOperationException("The benchmark JWKS did not contain the signing key.");

        _handler = new JsonWebTokenHandler { MapInboundClaims = false };
        _signatureOnlyParameters = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(_signer.Key.ExportParameters(false)),
            ValidAlgorithms = ["RS256"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        };

        // A benchmark of a validator that rejects would measure the wrong path.
        var (token, failure) = IdTokenValidation().GetAwaiter().GetResult();
        if (failure is not null || token is null)
        {
            throw new InvalidOperationException($"The benchmark id_token did not validate: {failure?.Error.Code} {failure?.Detail}");
        }

        if (!RsaVerifyData())
        {
            throw new InvalidOperationException("The raw RSA verification of the benchmark id_token failed.");
        }
    }

    /// <summary>Releases the key and the service provider.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _services?.Dispose();
        _signer?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The raw cost: one RSA-2048 PKCS#1 v1.5 SHA-256 verification of the token's bytes.</summary>
    [Benchmark(Baseline = true)]
    public bool RsaVerifyData() =>
        _signer.Key.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Signature check alone through Microsoft.IdentityModel, as the validator calls it.</summary>
    [Benchmark]
    public async Task<bool> JsonWebTokenHandlerSignatureOnly() =>
        (await _handler.ValidateTokenAsync(_idToken, _signatureOnlyParameters)).IsValid;

    /// <summary>The whole validation: header, cached key lookup, signature, claims and LTI message rules.</summary>
    [Benchmark]
    public Task<(ValidatedIdToken? Token, LaunchFailure? Failure)> IdTokenValidation() =>
        _validator.ValidateAsync(_idToken, _login, _registration, _toolUrls, CancellationToken.None);

    /// <summary>
    /// The validator's signature step alone: SHA-256 of the signing input and the RSA verification
    /// through <see cref="RsaVerifier"/>, with the key objects it keeps per platform key.
    /// </summary>
    [Benchmark]
    public bool RsaVerifierVerify() =>
        RsaVerifier.VerifyAscii(_platformKey, HashAlgorithmName.SHA256, _idToken.AsSpan(0, _signingInput.Length), _signature);

    /// <summary>SHA-256 of the signing input alone, the part of the signature step before the RSA operation.</summary>
    [Benchmark]
    public int Sha256OfSigningInput()
    {
        Span<byte> digest = stackalloc byte[32];
        return SHA256.HashData(_signingInput, digest);
    }

    /// <summary>Decodes the payload from base64url and reads its claims, as the validator does once per token.</summary>
    [Benchmark]
    public LtiPd.LtiTool.Messages.LtiRequest? PayloadRead()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(_encodedPayload.Length));
        try
        {
            var length = Base64Url.DecodeFromChars(_encodedPayload, buffer);
            return LtiPd.LtiTool.Messages.LtiRequest.Read(buffer.AsSpan(0, length), out _, out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
