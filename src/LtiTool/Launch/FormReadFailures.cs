namespace LtiPd.LtiTool.Launch;

/// <summary>Maps a form that ASP.NET Core could not read to the reason the client gets.</summary>
internal static class FormReadFailures
{
    /// <summary>
    /// Returns <c>request_too_large</c> when a form limit was exceeded, and
    /// <c>login_parameter_invalid</c> for other unreadable forms (such as a NUL character).
    /// </summary>
    public static LaunchFailure From(Exception exception)
    {
        var tooLarge = exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
        return tooLarge
            ? new LaunchFailure(LaunchErrors.RequestTooLarge, "form exceeds the server's limits")
            : new LaunchFailure(LaunchErrors.LoginParameterInvalid, "the form data could not be read");
    }
}
