namespace LtiPd.LtiTool.Messages;

/// <summary>The Assignment and Grade Services endpoint claim.</summary>
/// <param name="Scopes">The scopes the platform grants for this launch.</param>
/// <param name="LineItemsUrl">The line items container URL of the context, when granted.</param>
/// <param name="LineItemUrl">The line item of this resource link, when the platform created one.</param>
public sealed record AssignmentGradeServicesClaimValueType(IReadOnlyList<string> Scopes, string? LineItemsUrl, string? LineItemUrl);
