namespace LtiPd.LtiTool.Catalog;

/// <summary>A learner's state on one activity.</summary>
public enum ActivityStatus
{
    /// <summary>Tried but not done, such as a quiz below its mastery score.</summary>
    Attempted,

    /// <summary>Done; it counts toward the module. A later failed attempt does not undo it.</summary>
    Done,
}
