namespace LtiPd.LtiTool.Services.Grades;

/// <summary>What one delivery pass did.</summary>
/// <param name="Delivered">Scores the platforms accepted.</param>
/// <param name="Rescheduled">Scores that failed for now and wait for a retry.</param>
/// <param name="Rejected">Scores a platform rejected for good (kept in the outbox with its message).</param>
public sealed record GradeDeliveryResult(int Delivered, int Rescheduled, int Rejected);
