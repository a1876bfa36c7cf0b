namespace LtiPd.LtiTool.Review;

/// <summary>An expected failure of an evidence submission or review, with a sentence for the person who acts.</summary>
internal abstract record EvidenceError(string Message);

/// <summary>The input breaks a rule (a missing field, a bad link, a file too large): 400.</summary>
internal sealed record EvidenceInvalid(string Message) : EvidenceError(Message);

/// <summary>The evidence is in a state that does not allow the step (already approved, decided meanwhile): 409.</summary>
internal sealed record EvidenceConflict(string Message) : EvidenceError(Message);

/// <summary>No evidence with that id exists in the caller's registration: 404.</summary>
internal sealed record EvidenceNotFound(string Message) : EvidenceError(Message);
