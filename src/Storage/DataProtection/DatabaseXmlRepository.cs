using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LtiPd.Storage.DataProtection;

/// <summary>
/// Keeps ASP.NET Core data-protection keys in the database, so every node behind a load balancer
/// decrypts the cookies and tokens any other node wrote.
/// </summary>
public sealed class DatabaseXmlRepository : IXmlRepository
{
    private static readonly SqlText SelectAll = SqlText.Portable(
        "SELECT xml FROM data_protection_keys ORDER BY created_at_ms");

    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO data_protection_keys (friendly_name, xml, created_at_ms) VALUES (@FriendlyName, @Xml, @CreatedAtMs)");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the repository over <paramref name="database"/>.</summary>
    public DatabaseXmlRepository(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    // IXmlRepository is synchronous by contract; the data-protection system calls it rarely
    // (at start-up and when a key is created) and caches the key ring in memory.

    /// <inheritdoc/>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = _database.Open();
        return connection.Query<string>(_database.Command(SelectAll, null, CancellationToken.None))
            .Select(XElement.Parse)
            .ToList();
    }

    /// <inheritdoc/>
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = _database.Open();
        connection.Execute(_database.Command(
            Insert,
            new
            {
                FriendlyName = friendlyName,
                Xml = element.ToString(SaveOptions.DisableFormatting),
                CreatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            CancellationToken.None));
    }
}
