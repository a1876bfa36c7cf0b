using Microsoft.Extensions.Logging;
using Xunit;

namespace LtiPd.TestSupport;

/// <summary>Creates loggers that write to the output of the test running at the time of each entry.</summary>
public static class TestOutputLogger
{
    private static readonly ILoggerFactory Factory = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Debug)
        .AddProvider(new TestOutputLoggerProvider()));

    /// <summary>Creates a logger for <typeparamref name="T"/>.</summary>
    public static ILogger<T> Create<T>() => Factory.CreateLogger<T>();

    /// <summary>Adds a provider writing to the running test's output, for hosts built in tests.</summary>
    public static ILoggingBuilder AddTestOutput(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(new TestOutputLoggerProvider());
    }

    private sealed class TestOutputLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new TestOutputWriter(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class TestOutputWriter(string categoryName) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Entries written outside a test (host shutdown after the test ended) have nowhere to go.
            var output = TestContext.Current.TestOutputHelper;
            if (output is null)
            {
                return;
            }

            try
            {
                output.WriteLine($"[{logLevel}] {categoryName} ({eventId.Id}): {formatter(state, exception)}");
                if (exception is not null)
                {
                    output.WriteLine(exception.ToString());
                }
            }
            catch (InvalidOperationException)
            {
                // The helper rejects writes once its test has finished.
            }
        }
    }
}
