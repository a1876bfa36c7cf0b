using LtiPd.Gamification.Engine;
using LtiPd.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.Gamification.Tests.Support;

public static class EngineFactory
{
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 9, 14, 16, 0, 0, TimeSpan.Zero));

    public static GamificationEngine Create(Database database, TimeProvider? timeProvider = null, int batchSize = 100) =>
        Create(database, checkpoint: null, timeProvider, batchSize);

    /// <summary>Creates an engine that leaves SQLite checkpoints to <paramref name="checkpoint"/>, as the host's engine does.</summary>
    internal static GamificationEngine Create(Database database, EngineWalCheckpoint? checkpoint, TimeProvider? timeProvider = null, int batchSize = 100) =>
        new(
            database,
            timeProvider ?? Clock(),
            Options.Create(new GamificationOptions { BatchSize = batchSize }),
            NullLogger<GamificationEngine>.Instance,
            checkpoint);
}
