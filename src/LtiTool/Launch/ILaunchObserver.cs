namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Told about every accepted launch after its session is committed, on the request's thread. It
/// must return at once (queue work, do not do it), because the launch response waits for it.
/// </summary>
public interface ILaunchObserver
{
    /// <summary>Called once per accepted launch.</summary>
    void OnLaunched(AcceptedLaunch launch);
}
