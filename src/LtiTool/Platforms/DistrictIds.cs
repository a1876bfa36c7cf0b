using System.Security.Cryptography;
using System.Text;

namespace LtiPd.LtiTool.Platforms;

/// <summary>Derives a stable district id from its display name, so the same name always maps to one district.</summary>
internal static class DistrictIds
{
    public static string FromName(string name)
    {
        var normalized = name.Trim().ToUpperInvariant();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return "d_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
