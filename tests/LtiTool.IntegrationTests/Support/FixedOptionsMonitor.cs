using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>An options monitor over one fixed value, for services built by hand in tests.</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    /// <inheritdoc/>
    public T CurrentValue => value;

    /// <inheritdoc/>
    public T Get(string? name) => value;

    /// <inheritdoc/>
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
