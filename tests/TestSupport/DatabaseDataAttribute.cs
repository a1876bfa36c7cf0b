using System.Reflection;
using LtiPd.Storage;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace LtiPd.TestSupport;

/// <summary>
/// Supplies a theory with one <see cref="DatabaseProvider"/> row per database. A provider whose
/// server is not configured (see <see cref="TestDatabaseServers"/>) still gets its row, reported
/// as skipped with the variable to set, so a run never hides which databases it left out.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    private readonly DatabaseProvider[] _providers;

    /// <summary>Runs the theory on <paramref name="providers"/>, or on every provider when none
    /// is named.</summary>
    public DatabaseDataAttribute(params DatabaseProvider[] providers)
    {
        _providers = providers.Length == 0 ? Enum.GetValues<DatabaseProvider>() : providers;
    }

    /// <inheritdoc/>
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(
        MethodInfo testMethod,
        DisposalTracker disposalTracker)
    {
        var rows = _providers
            .Select(provider => new TheoryDataRow<DatabaseProvider>(provider)
            {
                Skip = TestDatabaseServers.IsConfigured(provider) ? null : TestDatabaseServers.NotConfiguredReason(provider),
            })
            .ToList<ITheoryDataRow>();
        return ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(rows);
    }

    /// <inheritdoc/>
    // The rows depend on environment variables of the run, not of discovery, so they are
    // computed when the tests run.
    public override bool SupportsDiscoveryEnumeration() => false;
}
