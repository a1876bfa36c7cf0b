using Microsoft.Extensions.Logging;

namespace LtiPd.Storage;

/// <summary>
/// The logger DbUp writes to: the migrator's logger with DbUp's Information messages (several per
/// script) lowered to Debug, so start-up shows only the migrator's summary line per migration set.
/// Warnings and errors keep their level.
/// </summary>
internal sealed class DbUpDetailLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Lower(logLevel));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var level = Lower(logLevel);
        inner.Log(level, eventId, state, exception, formatter);
    }

    private static LogLevel Lower(LogLevel logLevel) => logLevel == LogLevel.Information ? LogLevel.Debug : logLevel;
}
