namespace LtiPd.XapiBridge.Lrs.Documents;

/// <summary>The document resources (xAPI 1.0.3 Communication 2.2); stored as <c>lrs_documents.kind</c>.</summary>
internal enum DocumentKind
{
    /// <summary>activities/state: keyed by activity, agent, optional registration and stateId.</summary>
    State = 1,

    /// <summary>activities/profile: keyed by activity and profileId.</summary>
    ActivityProfile = 2,

    /// <summary>agents/profile: keyed by agent and profileId.</summary>
    AgentProfile = 3,
}
