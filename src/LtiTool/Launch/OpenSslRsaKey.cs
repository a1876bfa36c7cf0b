using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// An RSA public key loaded into OpenSSL 3 (libcrypto.so.3) for one PKCS#1 v1.5 signature hash,
/// with verification and digest contexts that are set up once and then reused. On Linux, .NET's
/// <see cref="RSA.VerifyHash(ReadOnlySpan{byte}, ReadOnlySpan{byte}, HashAlgorithmName, RSASignaturePadding)"/>
/// creates, sets up and frees an EVP_PKEY_CTX for every call (CryptoNative_RsaVerifyHash in
/// dotnet/runtime). A reused context skips that work, which saved about 5 us per RSA-2048 verification with OpenSSL 3.0.19
/// (measured on a loaded 2-core machine, see docs/benchmarks.md). The key is read from its own DER
/// copy, so no OpenSSL object of .NET's is shared. <see cref="RsaVerifier"/> uses this class only
/// where <see cref="IsSupported"/> is true, and .NET's RSA elsewhere.
/// </summary>
internal sealed class OpenSslRsaKey
{
    private const string LibCrypto = "libcrypto.so.3";

    // EVP_PKEY_RSA (NID_rsaEncryption) and RSA_PKCS1_PADDING from OpenSSL's headers.
    private const int EvpPKeyRsa = 6;
    private const int RsaPkcs1Padding = 1;

    private const int MaxIdleContexts = 8;

    // SHA-512 is the longest digest allowed here.
    private const int MaxDigestLength = 64;

    // ASCII signing input is narrowed to bytes in chunks of this size on the stack.
    private const int AsciiChunkLength = 2048;

    // Fetched once per process and never freed, like the static descriptions they replace.
    private static readonly Lazy<IntPtr> FetchedSha256 = new(() => NativeMethods.FetchDigest(IntPtr.Zero, "SHA256", null));
    private static readonly Lazy<IntPtr> FetchedSha384 = new(() => NativeMethods.FetchDigest(IntPtr.Zero, "SHA384", null));
    private static readonly Lazy<IntPtr> FetchedSha512 = new(() => NativeMethods.FetchDigest(IntPtr.Zero, "SHA512", null));

    private readonly EvpPKeyHandle _key;
    private readonly IntPtr _digest;
    private readonly IntPtr _fetchedDigest;
    private readonly ConcurrentQueue<VerifyContexts> _idle = new();

    private OpenSslRsaKey(EvpPKeyHandle key, IntPtr digest, IntPtr fetchedDigest)
    {
        _key = key;
        _digest = digest;
        _fetchedDigest = fetchedDigest;
    }

    /// <summary>
    /// Whether this process can load OpenSSL 3's libcrypto with every function used here. OpenSSL
    /// 1.1 defines EVP_PKEY_CTX_set_rsa_padding and EVP_PKEY_CTX_set_signature_md as macros, so
    /// they are exported only from 3.0 on.
    /// </summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>Loads the public key <paramref name="parameters"/> for signatures over <paramref name="hash"/> digests.</summary>
    /// <exception cref="CryptographicException">The key is not a valid RSA public key.</exception>
    public static OpenSslRsaKey Create(RSAParameters parameters, HashAlgorithmName hash)
    {
        var digest = DigestFor(hash);
        byte[] der;
        using (var rsa = RSA.Create(parameters))
        {
            der = rsa.ExportRSAPublicKey();
        }

        // d2i_PublicKey advances the pointer it is given, so it gets a copy of the pinned address.
        var pinned = GCHandle.Alloc(der, GCHandleType.Pinned);
        EvpPKeyHandle key;
        try
        {
            var cursor = pinned.AddrOfPinnedObject();
            key = NativeMethods.ReadPublicKey(EvpPKeyRsa, IntPtr.Zero, ref cursor, der.Length);
        }
        finally
        {
            pinned.Free();
        }

        if (key.IsInvalid)
        {
            key.Dispose();
            NativeMethods.ClearErrors();
            throw new CryptographicException("OpenSSL could not read the RSA public key.");
        }

        var created = new OpenSslRsaKey(key, digest, FetchedDigestFor(hash));

        // Set up one pair of contexts now, so a key OpenSSL cannot verify with fails here and not per launch.
        created.Return(created.RentContexts());
        return created;
    }

    /// <summary>Verifies the PKCS#1 v1.5 <paramref name="signature"/> of the digest <paramref name="hash"/>.</summary>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.IsEmpty || signature.IsEmpty)
        {
            return false;
        }

        var contexts = RentContexts();
        try
        {
            return Verify(contexts, hash, signature);
        }
        finally
        {
            Return(contexts);
        }
    }

    /// <summary>
    /// Hashes <paramref name="data"/>, ASCII text such as a JWS signing input, and verifies the PKCS#1
    /// v1.5 <paramref name="signature"/> of the digest. A character outside ASCII is hashed as <c>?</c>,
    /// as <see cref="System.Text.Encoding.ASCII"/> encodes it. The text is narrowed in chunks on the
    /// stack, so no copy of it is allocated, and the digest context is reused like the key context.
    /// </summary>
    /// <exception cref="CryptographicException">OpenSSL failed to compute the digest.</exception>
    public bool VerifyAsciiData(ReadOnlySpan<char> data, ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            return false;
        }

        var contexts = RentContexts();
        try
        {
            Span<byte> digest = stackalloc byte[MaxDigestLength];
            var digestLength = DigestAscii(contexts.Digest, data, digest);
            return Verify(contexts, digest[..digestLength], signature);
        }
        finally
        {
            Return(contexts);
        }
    }

    private static bool Verify(VerifyContexts contexts, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        var result = NativeMethods.Verify(
            contexts.Key, ref MemoryMarshal.GetReference(signature), signature.Length, ref MemoryMarshal.GetReference(hash), hash.Length);
        if (result == 1)
        {
            return true;
        }

        // A rejected signature leaves an entry in this thread's OpenSSL error queue.
        NativeMethods.ClearErrors();
        return false;
    }

    private int DigestAscii(EvpMdCtxHandle context, ReadOnlySpan<char> data, Span<byte> digest)
    {
        Span<byte> chunk = stackalloc byte[AsciiChunkLength];
        var ok = NativeMethods.DigestInit(context, _fetchedDigest, IntPtr.Zero) > 0;
        while (ok && !data.IsEmpty)
        {
            var part = data[..Math.Min(AsciiChunkLength, data.Length)];
            var length = System.Text.Encoding.ASCII.GetBytes(part, chunk);
            ok = NativeMethods.DigestUpdate(context, ref MemoryMarshal.GetReference(chunk), length) > 0;
            data = data[part.Length..];
        }

        uint digestLength = 0;
        if (!ok || NativeMethods.DigestFinal(context, ref MemoryMarshal.GetReference(digest), ref digestLength) <= 0)
        {
            NativeMethods.ClearErrors();
            throw new CryptographicException("OpenSSL could not compute the digest of the signing input.");
        }

        return (int)digestLength;
    }

    // An EVP_PKEY_CTX or EVP_MD_CTX is not safe for concurrent use, so each verification takes its own.
    private VerifyContexts RentContexts() =>
        _idle.TryDequeue(out var idle) ? idle : new VerifyContexts(CreateContext(), CreateDigestContext());

    private EvpPKeyCtxHandle CreateContext()
    {
        var context = NativeMethods.CreateContext(_key, IntPtr.Zero);
        var ready = !context.IsInvalid
            && NativeMethods.VerifyInit(context) > 0
            && NativeMethods.SetRsaPadding(context, RsaPkcs1Padding) > 0
            && NativeMethods.SetSignatureDigest(context, _digest) > 0;
        if (!ready)
        {
            context.Dispose();
            NativeMethods.ClearErrors();
            throw new CryptographicException("OpenSSL could not set up an RSA verification context.");
        }

        return context;
    }

    private static EvpMdCtxHandle CreateDigestContext()
    {
        var context = NativeMethods.CreateDigestContext();
        if (context.IsInvalid)
        {
            context.Dispose();
            NativeMethods.ClearErrors();
            throw new CryptographicException("OpenSSL could not create a digest context.");
        }

        return context;
    }

    private void Return(VerifyContexts contexts)
    {
        if (_idle.Count < MaxIdleContexts)
        {
            _idle.Enqueue(contexts);
        }
        else
        {
            contexts.Key.Dispose();
            contexts.Digest.Dispose();
        }
    }

    private static IntPtr DigestFor(HashAlgorithmName hash)
    {
        // The EVP_sha* functions return OpenSSL's static digest descriptions, which are never freed.
        if (hash == HashAlgorithmName.SHA256)
        {
            return NativeMethods.Sha256();
        }

        if (hash == HashAlgorithmName.SHA384)
        {
            return NativeMethods.Sha384();
        }

        return hash == HashAlgorithmName.SHA512
            ? NativeMethods.Sha512()
            : throw new CryptographicException($"The hash '{hash.Name}' is not supported for RSA verification; use SHA256, SHA384 or SHA512.");
    }

    /// <summary>
    /// The digest fetched once from the default provider. OpenSSL 3 resolves the descriptions that
    /// EVP_sha256 and the like return to an implementation on every EVP_DigestInit_ex ("implicit
    /// fetching" in OpenSSL's crypto(7) page), a lookup that fetching once avoids.
    /// </summary>
    private static IntPtr FetchedDigestFor(HashAlgorithmName hash)
    {
        var fetched = hash == HashAlgorithmName.SHA256 ? FetchedSha256.Value
            : hash == HashAlgorithmName.SHA384 ? FetchedSha384.Value
            : FetchedSha512.Value;
        return fetched != IntPtr.Zero
            ? fetched
            : throw new CryptographicException($"OpenSSL could not fetch the {hash.Name} digest.");
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibCrypto, out var library))
        {
            return false;
        }

        // The library stays loaded: the P/Invokes below bind to it by the same name.
        string[] functions =
        [
            "d2i_PublicKey", "EVP_PKEY_free", "EVP_PKEY_CTX_new", "EVP_PKEY_CTX_free", "EVP_PKEY_verify_init",
            "EVP_PKEY_CTX_set_rsa_padding", "EVP_PKEY_CTX_set_signature_md", "EVP_PKEY_verify",
            "EVP_sha256", "EVP_sha384", "EVP_sha512", "ERR_clear_error",
            "EVP_MD_fetch", "EVP_MD_CTX_new", "EVP_MD_CTX_free", "EVP_DigestInit_ex", "EVP_DigestUpdate", "EVP_DigestFinal_ex",
        ];
        // RS256 is the default algorithm, so a libcrypto that cannot fetch SHA-256 keeps .NET's RSA.
        return functions.All(name => NativeLibrary.TryGetExport(library, name, out _)) && FetchedSha256.Value != IntPtr.Zero;
    }

    private sealed class EvpPKeyHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpPKeyHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.FreeKey(handle);
            return true;
        }
    }

    private sealed class EvpPKeyCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpPKeyCtxHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.FreeContext(handle);
            return true;
        }
    }

    private sealed class EvpMdCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpMdCtxHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.FreeDigestContext(handle);
            return true;
        }
    }

    /// <summary>The key context and digest context one verification uses, pooled together.</summary>
    private sealed record VerifyContexts(EvpPKeyCtxHandle Key, EvpMdCtxHandle Digest);

    /// <summary>The libcrypto functions used, with OpenSSL 3.0's signatures (C <c>long</c> and <c>size_t</c> are <c>nint</c> on Linux).</summary>
    private static class NativeMethods
    {
        [DllImport(LibCrypto, EntryPoint = "d2i_PublicKey")]
        public static extern EvpPKeyHandle ReadPublicKey(int type, IntPtr existing, ref IntPtr input, nint length);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_free")]
        public static extern void FreeKey(IntPtr key);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_CTX_new")]
        public static extern EvpPKeyCtxHandle CreateContext(EvpPKeyHandle key, IntPtr engine);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_CTX_free")]
        public static extern void FreeContext(IntPtr context);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_verify_init")]
        public static extern int VerifyInit(EvpPKeyCtxHandle context);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_CTX_set_rsa_padding")]
        public static extern int SetRsaPadding(EvpPKeyCtxHandle context, int padding);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_CTX_set_signature_md")]
        public static extern int SetSignatureDigest(EvpPKeyCtxHandle context, IntPtr digest);

        [DllImport(LibCrypto, EntryPoint = "EVP_PKEY_verify")]
        public static extern int Verify(EvpPKeyCtxHandle context, ref byte signature, nint signatureLength, ref byte hash, nint hashLength);

        [DllImport(LibCrypto, EntryPoint = "EVP_sha256")]
        public static extern IntPtr Sha256();

        [DllImport(LibCrypto, EntryPoint = "EVP_sha384")]
        public static extern IntPtr Sha384();

        [DllImport(LibCrypto, EntryPoint = "EVP_sha512")]
        public static extern IntPtr Sha512();

        [DllImport(LibCrypto, EntryPoint = "EVP_MD_fetch", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr FetchDigest(IntPtr libraryContext, string algorithm, string? properties);

        [DllImport(LibCrypto, EntryPoint = "EVP_MD_CTX_new")]
        public static extern EvpMdCtxHandle CreateDigestContext();

        [DllImport(LibCrypto, EntryPoint = "EVP_MD_CTX_free")]
        public static extern void FreeDigestContext(IntPtr context);

        [DllImport(LibCrypto, EntryPoint = "EVP_DigestInit_ex")]
        public static extern int DigestInit(EvpMdCtxHandle context, IntPtr digest, IntPtr engine);

        [DllImport(LibCrypto, EntryPoint = "EVP_DigestUpdate")]
        public static extern int DigestUpdate(EvpMdCtxHandle context, ref byte data, nint length);

        [DllImport(LibCrypto, EntryPoint = "EVP_DigestFinal_ex")]
        public static extern int DigestFinal(EvpMdCtxHandle context, ref byte digest, ref uint length);

        [DllImport(LibCrypto, EntryPoint = "ERR_clear_error")]
        public static extern void ClearErrors();
    }
}
