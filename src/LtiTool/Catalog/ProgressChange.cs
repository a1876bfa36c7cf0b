namespace LtiPd.LtiTool.Catalog;

/// <summary>A recorded step, as <see cref="IProgressObserver"/>s see it.</summary>
/// <param name="RegistrationId">The learner's registration.</param>
/// <param name="UserId">Our id of the learner's user row.</param>
/// <param name="Module">The module the step belongs to.</param>
/// <param name="Step">What the step changed.</param>
/// <param name="Scope">Where the learner worked (course, resource link, role), or null when not known.</param>
public sealed record ProgressChange(string RegistrationId, string UserId, CatalogModule Module, RecordedStep Step, ProgressScope? Scope);
