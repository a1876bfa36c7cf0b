namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Receives every learner step in the catalog, after the step's progress is stored. The xAPI
/// layer implements it to write statements (verbs launched, experienced, answered, completed,
/// passed, failed). Implementations queue or drop on failure and do not throw for delivery
/// problems, because the learner's step is already saved.
/// </summary>
public interface ILearningEventSink
{
    /// <summary>The learner opened a module.</summary>
    Task LaunchedAsync(LearningStep step, CancellationToken cancellationToken);

    /// <summary>The learner finished reading or watching an activity.</summary>
    Task ExperiencedAsync(LearningStep step, CancellationToken cancellationToken);

    /// <summary>The learner answered one quiz question.</summary>
    Task AnsweredAsync(LearningStep step, CancellationToken cancellationToken);

    /// <summary>The learner completed an activity (<see cref="LearningStep.ActivityId"/> set) or a whole module (not set).</summary>
    Task CompletedAsync(LearningStep step, CancellationToken cancellationToken);

    /// <summary>The learner reached a quiz's mastery score.</summary>
    Task PassedAsync(LearningStep step, CancellationToken cancellationToken);

    /// <summary>The learner submitted a quiz below its mastery score.</summary>
    Task FailedAsync(LearningStep step, CancellationToken cancellationToken);
}
