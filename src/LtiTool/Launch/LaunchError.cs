namespace LtiPd.LtiTool.Launch;

/// <summary>
/// One reason a login or launch is rejected: a stable machine-readable code, the HTTP status, the
/// validation step, and what to tell the person and their LMS admin. The catalogue is
/// <see cref="LaunchErrors"/>.
/// </summary>
/// <param name="Code">Stable reason code, such as <c>nonce_replayed</c>; logged and shown on the page.</param>
/// <param name="EventId">Log event id in the LtiTool range (1000-1999).</param>
/// <param name="Status">HTTP status of the response.</param>
/// <param name="Step">The validation step that failed, such as <c>validate nonce not replayed</c>.</param>
/// <param name="UserMessage">What happened, in words for a teacher or PD leader.</param>
/// <param name="AdminHint">What the LMS admin should check.</param>
public sealed record LaunchError(string Code, int EventId, int Status, string Step, string UserMessage, string AdminHint)
{
    /// <summary>Whether the fix is for the person launching (try again) rather than for an admin.</summary>
    public bool IsTransient { get; init; }

    /// <summary>Whether the failure means the browser did not send the tool's cookie back.</summary>
    public bool IsCookieProblem { get; init; }
}
