using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Data;

/// <summary>Derives the tenant, user and award keys the ledger is unique on.</summary>
public static class GamificationKeys
{
    /// <summary>The rule key of rows that reverse an earlier award.</summary>
    public const string ReversalRule = "reversal";

    /// <summary>
    /// Returns the tenant of a statement: the district context extension, or the actor's account
    /// home page (the platform) when the statement names no district.
    /// </summary>
    public static string TenantOf(GamificationStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.Extension(XapiTerms.DistrictExtension) ?? statement.ActorHomePage;
    }

    /// <summary>Returns the user id of an account: a SHA-256 over home page and name, so ledger rows carry no account names.</summary>
    public static string UserId(string homePage, string accountName) => Hash(homePage, accountName);

    /// <summary>Returns the unique award key for (user, rule, item).</summary>
    public static string AwardKey(string userId, string ruleKey, string itemId) => Hash(userId, ruleKey, itemId);

    /// <summary>
    /// Returns a deterministic statement id for an output statement, a UUID version 8 (RFC 9562,
    /// section 5.8) built from a SHA-256 of the parts, so a replay writes the same id again.
    /// </summary>
    public static Guid OutputStatementId(params string[] parts)
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        HashJoined(parts, bytes);
        var uuid = bytes[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }

    private static string Hash(params string[] parts)
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        HashJoined(parts, bytes);
        return Convert.ToHexStringLower(bytes);
    }

    // Hashes the UTF-8 of the parts joined with each part prefixed by its length in UTF-16 code
    // units and a colon, so no two different part lists join to the same text. The engine hashes
    // a few keys per statement, so the text is encoded into one pooled buffer, not concatenated.
    private static void HashJoined(string[] parts, Span<byte> hash)
    {
        var size = 0;
        foreach (var part in parts)
        {
            size += 11 + 1 + Encoding.UTF8.GetMaxByteCount(part.Length);
        }

        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = 0;
            foreach (var part in parts)
            {
                part.Length.TryFormat(rented.AsSpan(written), out var digits, provider: CultureInfo.InvariantCulture);
                written += digits;
                rented[written++] = (byte)':';
                written += Encoding.UTF8.GetBytes(part, rented.AsSpan(written));
            }

            SHA256.HashData(rented.AsSpan(0, written), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
