using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Learning;

/// <summary>A statement in <see cref="StatementOutbox"/>, built and waiting to be stored in the embedded LRS.</summary>
internal sealed record PendingStatement
{
    /// <summary>The statement id (deterministic, so storing it twice stores it once).</summary>
    public required string StatementId { get; init; }

    /// <summary>The district, which is the embedded LRS tenant.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The learner's registration.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>Our id of the learner's user row.</summary>
    public required string UserRef { get; init; }

    /// <summary>The kind of step, for logs.</summary>
    public required LearningEventVerb Verb { get; init; }

    /// <summary>The statement as xAPI JSON.</summary>
    public required string StatementJson { get; init; }

    /// <summary>When the statement was queued (Unix ms).</summary>
    public required long CreatedAtMs { get; init; }
}
