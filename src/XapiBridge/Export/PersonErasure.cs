namespace LtiPd.XapiBridge.Export;

/// <summary>What erasing one person's statements in the embedded LRS changed.</summary>
/// <param name="Count">Statements voided and redacted.</param>
/// <param name="VoidableStatementIds">The ids of those statements that another LRS may void: every one except voiding statements.</param>
public sealed record PersonErasure(int Count, IReadOnlyList<Guid> VoidableStatementIds);
