using System.IO.Compression;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Gamification.Badges;

/// <summary>The <c>encodedList</c> of a W3C Bitstring Status List v1.0: which positions have their bit set.</summary>
public static class BitstringStatusList
{
    /// <summary>
    /// Returns the multibase base64url (prefix <c>u</c>, no padding) of the GZIP-compressed
    /// bitstring of <paramref name="length"/> bits, with the bit of each index set. Index 0 is the
    /// most significant bit of the first byte.
    /// </summary>
    public static string Encode(IEnumerable<int> setIndexes, int length)
    {
        ArgumentNullException.ThrowIfNull(setIndexes);
        var bits = new byte[(length + 7) / 8];
        foreach (var index in setIndexes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, length);
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bits);
        }

        return "u" + Base64UrlEncoder.Encode(compressed.ToArray());
    }

    /// <summary>Returns whether the bit at <paramref name="index"/> of an <c>encodedList</c> is set, as a verifier reads it.</summary>
    public static bool IsSet(string encodedList, int index)
    {
        ArgumentException.ThrowIfNullOrEmpty(encodedList);
        if (encodedList[0] != 'u')
        {
            throw new FormatException($"The encoded list starts with '{encodedList[0]}', not the multibase base64url prefix 'u'.");
        }

        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encodedList[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        var bytes = bits.ToArray();
        return index / 8 < bytes.Length && (bytes[index / 8] & (0x80 >> (index % 8))) != 0;
    }
}
