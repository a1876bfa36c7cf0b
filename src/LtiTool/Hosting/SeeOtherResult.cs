namespace LtiPd.LtiTool.Hosting;

/// <summary>A 303 See Other redirect to a local path.</summary>
/// <param name="Location">The path to redirect to.</param>
public sealed record SeeOtherResult(string Location) : IResult
{
    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
