namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>A recorded live session of a course.</summary>
/// <param name="Id">The session id, part of the attended statements' object id.</param>
/// <param name="Title">The title the PD leader gave it.</param>
/// <param name="HeldOn">The day it was held.</param>
/// <param name="Attendees">How many learners were recorded as present.</param>
internal sealed record LiveSession(string Id, string Title, DateOnly HeldOn, int Attendees);
