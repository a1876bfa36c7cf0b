using System.Collections.Concurrent;
using System.Threading.Channels;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// Queues a roster and results sync of a course after a PD leader's launch, so the launch page
/// never waits for the LMS. A course synced in the last <see cref="MinimumInterval"/> is not
/// queued again, so a leader clicking around does not flood the LMS.
/// </summary>
public sealed class CourseSyncQueue : ILaunchObserver
{
    /// <summary>The shortest time between two syncs of the same course started by launches.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(10);

    // Bounded, and full means dropped: a burst of launches must never hold a request.
    private readonly Channel<(string RegistrationId, string ContextRef)> _channel =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastQueued = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the queue.</summary>
    public CourseSyncQueue(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>The queued courses, read by <see cref="CourseSyncWorker"/>.</summary>
    internal ChannelReader<(string RegistrationId, string ContextRef)> Reader => _channel.Reader;

    /// <inheritdoc/>
    public void OnLaunched(AcceptedLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.Role >= PdRole.Instructor && launch.ContextId is { } contextRef)
        {
            TryQueue(launch.RegistrationId, contextRef);
        }
    }

    /// <summary>Queues a course unless it was queued within <see cref="MinimumInterval"/>. Returns whether it was queued.</summary>
    public bool TryQueue(string registrationId, string contextRef)
    {
        var key = registrationId + "\n" + contextRef;
        var now = _timeProvider.GetUtcNow();
        if (_lastQueued.TryGetValue(key, out var last) && now - last < MinimumInterval)
        {
            return false;
        }

        _lastQueued[key] = now;
        return _channel.Writer.TryWrite((registrationId, contextRef));
    }
}
