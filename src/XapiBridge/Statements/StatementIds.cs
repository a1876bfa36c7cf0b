using System.Security.Cryptography;
using System.Text;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Deterministic statement ids: an RFC 9562 version 5 UUID (SHA-1, name-based) of a namespace
/// and an event key. The same event always yields the same id, so a replayed or re-enqueued event
/// is a duplicate the outbox and every LRS recognise instead of a second statement.
/// </summary>
public static class StatementIds
{
    /// <summary>
    /// The namespace of LtiPd's PD statements. Fixed forever: changing it would give every
    /// past event a new id.
    /// </summary>
    public static readonly Guid PdNamespace = new("6f1c2a4e-93b7-4d0e-8a5f-2c71d9e0b348");

    /// <summary>Returns the version 5 UUID of <paramref name="eventKey"/> in <paramref name="namespaceId"/>.</summary>
    /// <remarks>SHA-1 serves here as RFC 9562 specifies for version 5 ids, not for security.</remarks>
    public static Guid Create(Guid namespaceId, string eventKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        var name = Encoding.UTF8.GetBytes(eventKey);
        var input = new byte[16 + name.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

#pragma warning disable CA5350 // RFC 9562 defines version 5 UUIDs over SHA-1; no secrecy depends on it.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350

        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Returns the id of a PD event, such as <c>completed:district-1:course-7:module-3:sub-123</c>.</summary>
    public static Guid ForPdEvent(string eventKey) => Create(PdNamespace, eventKey);
}
