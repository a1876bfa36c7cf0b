namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The kinds of value a statement is indexed by; stored as <c>lrs_statement_index.kind</c>.</summary>
internal enum IndexKind
{
    /// <summary>The actor, or the object when it is an agent or group.</summary>
    Agent = 1,

    /// <summary>Every agent or group anywhere in the statement (<c>related_agents=true</c>).</summary>
    RelatedAgent = 2,

    Verb = 3,

    /// <summary>The object when it is an activity.</summary>
    Activity = 4,

    /// <summary>Every activity anywhere in the statement (<c>related_activities=true</c>).</summary>
    RelatedActivity = 5,

    Registration = 6,
}
