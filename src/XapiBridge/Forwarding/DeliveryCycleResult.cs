namespace LtiPd.XapiBridge.Forwarding;

/// <summary>What one delivery pass over all districts did.</summary>
/// <param name="Delivered">Statements the LRSs accepted, or already held identically.</param>
/// <param name="Rescheduled">Statements left for a later attempt.</param>
/// <param name="Rejected">Statements an LRS refused for good (kept in the outbox with the reason).</param>
public sealed record DeliveryCycleResult(int Delivered, int Rescheduled, int Rejected);
