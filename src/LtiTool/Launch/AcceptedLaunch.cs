using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Launch;

/// <summary>An accepted launch, as <see cref="ILaunchObserver"/>s see it.</summary>
/// <param name="RegistrationId">The registration it came from.</param>
/// <param name="UserId">Our id of the user row.</param>
/// <param name="ContextId">Our id of the course, if the launch had one.</param>
/// <param name="Role">The person's PD role.</param>
/// <param name="MessageType">The LTI message type.</param>
public sealed record AcceptedLaunch(string RegistrationId, string UserId, string? ContextId, PdRole Role, string MessageType);
