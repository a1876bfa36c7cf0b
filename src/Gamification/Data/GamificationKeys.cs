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
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Join(parts)));
        var uuid = bytes.AsSpan(0, 16).ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Join(parts))));

    // Each part is prefixed with its length, so no two different part lists join to the same text.
    private static string Join(string[] parts) =>
        string.Concat(parts.Select(part => $"{part.Length}:{part}"));
}
