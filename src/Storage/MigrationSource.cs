using System.Reflection;

namespace LtiPd.Storage;

/// <summary>
/// An assembly whose embedded SQL scripts under <c>Data/Migrations/&lt;Provider&gt;/</c> (or
/// <c>Migrations/&lt;Provider&gt;/</c>) belong to the schema. Each component registers its own, so
/// its tables stay beside its code while one runner applies them all.
/// </summary>
/// <param name="Assembly">The assembly that embeds the scripts.</param>
public sealed record MigrationSource(Assembly Assembly)
{
    /// <summary>Whether <paramref name="resourceName"/> is a script for <paramref name="provider"/>.</summary>
    public static bool IsScriptFor(string resourceName, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        return resourceName.Contains($".Migrations.{provider}.", StringComparison.Ordinal)
            && resourceName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);
    }
}
