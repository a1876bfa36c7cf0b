using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Wakes <see cref="ComplianceBuildWorker"/> on this node when a district's status rows need a
/// build. A request is only a hint to start early: the worker finds due builds from the database
/// on every pass, so a request lost in a restart, or made on another node, is found again.
/// </summary>
internal sealed class ComplianceBuildQueue
{
    // Each district is held once however often it is requested, so a node whose worker is off
    // keeps no growing backlog.
    private readonly ConcurrentDictionary<string, byte> _requested = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the worker to build the due pathways of <paramref name="districtId"/> soon.</summary>
    public void Request(string districtId)
    {
        _requested.TryAdd(districtId, 0);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Waits until a build is requested or <paramref name="timeout"/> passes, then returns the
    /// districts requested meanwhile (empty after a timeout with no request).
    /// </summary>
    public async Task<IReadOnlySet<string>> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout passed with no request.
        }

        _wake.Reader.TryRead(out _);
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var districtId in _requested.Keys)
        {
            if (_requested.TryRemove(districtId, out _))
            {
                requested.Add(districtId);
            }
        }

        return requested;
    }
}
