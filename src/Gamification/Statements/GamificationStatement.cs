namespace LtiPd.Gamification.Statements;

/// <summary>
/// The part of an xAPI statement the gamification engine reads. It is parsed from the statement
/// JSON by <see cref="StatementReader"/>, so the engine works with any LRS and needs no xAPI
/// model classes.
/// </summary>
public sealed record GamificationStatement
{
    /// <summary>The statement id (xAPI 1.0.3 Data, 2.4.1).</summary>
    public required Guid Id { get; init; }

    /// <summary>When the LRS stored the statement; the engine orders and dates awards by it.</summary>
    public required DateTimeOffset Stored { get; init; }

    /// <summary>The position in the source's stored order when the source has one; otherwise null.</summary>
    public long? StoredSequence { get; init; }

    /// <summary>When the experience happened, as the client reported it.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The home page of the actor's account (the platform that names the user).</summary>
    public required string ActorHomePage { get; init; }

    /// <summary>The actor's account name on <see cref="ActorHomePage"/>.</summary>
    public required string ActorName { get; init; }

    /// <summary>The verb IRI.</summary>
    public required string VerbId { get; init; }

    /// <summary>The object activity id, or null when the object is not an activity.</summary>
    public string? ObjectActivityId { get; init; }

    /// <summary>The object activity's <c>definition.type</c>, or null when absent.</summary>
    public string? ObjectActivityType { get; init; }

    /// <summary>The id of the statement this one voids, set only for the <c>voided</c> verb.</summary>
    public Guid? VoidedStatementId { get; init; }

    /// <summary><c>result.success</c>, or null when absent.</summary>
    public bool? Success { get; init; }

    /// <summary><c>result.completion</c>, or null when absent.</summary>
    public bool? Completion { get; init; }

    /// <summary><c>result.score.scaled</c> (-1 to 1), or null when absent.</summary>
    public double? ScoreScaled { get; init; }

    /// <summary>
    /// <c>context.statement</c>: the statement this one is about, such as the learner's submission
    /// a review statement judges; null when absent.
    /// </summary>
    public Guid? ContextStatementId { get; init; }

    /// <summary>
    /// The account of the xAPI 2.0 context agent whose relevant types include the learner role,
    /// or null when the statement names none. A review statement's actor is the reviewer; this is
    /// the teacher whose work was reviewed.
    /// </summary>
    public (string HomePage, string Name)? LearnerAccount { get; init; }

    /// <summary><c>context.registration</c>, or null when absent.</summary>
    public Guid? Registration { get; init; }

    /// <summary>Ids of the parent, grouping, category and other context activities, in that order.</summary>
    public IReadOnlyList<string> ContextActivityIds { get; init; } = [];

    /// <summary>Context extensions whose values are JSON strings or numbers, as text.</summary>
    public IReadOnlyDictionary<string, string> ContextExtensions { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Returns the context extension <paramref name="iri"/>, or null when absent.</summary>
    public string? Extension(string iri) =>
        ContextExtensions.TryGetValue(iri, out var value) ? value : null;
}
