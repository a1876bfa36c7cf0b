namespace LtiPd.XapiBridge.Lrs;

/// <summary>
/// An expected failure of an LRS operation, with the HTTP status the xAPI specification
/// mandates for it. The endpoint turns it into an RFC 9457 problem-details response.
/// </summary>
/// <param name="Status">400, 401, 403, 404, 409, 412 or 413.</param>
/// <param name="Code">A stable identifier from <see cref="LrsErrors"/>, such as <c>LRS2101</c>.</param>
/// <param name="Title">A short summary of the failure class.</param>
/// <param name="Detail">What failed, on which value, and what to do instead.</param>
/// <param name="Field">The request field at fault (a header, parameter or JSON path), if one is.</param>
public sealed record LrsError(int Status, string Code, string Title, string Detail, string? Field = null);
