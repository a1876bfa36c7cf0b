using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Catalog;

/// <summary>The launch a learner's step came from: the course, the resource link and the person's role there.</summary>
/// <param name="ContextId">Our id of the course, if the launch had one.</param>
/// <param name="ResourceLinkId">Our id of the resource link, if any.</param>
/// <param name="Role">The person's PD role in that launch.</param>
public sealed record ProgressScope(string? ContextId, string? ResourceLinkId, PdRole Role);
