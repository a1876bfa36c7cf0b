namespace LtiPd.LtiTool.Messages;

/// <summary>The context (course or section) claim of a launch.</summary>
/// <param name="Id">The platform's stable id of the context.</param>
/// <param name="Label">A short label, such as a course code.</param>
/// <param name="Title">The full title.</param>
/// <param name="Types">Context types, normalized to full LIS vocabulary URIs.</param>
public sealed record ContextClaimValueType(string Id, string? Label, string? Title, IReadOnlyList<string> Types);
