namespace LtiPd.LtiTool.Pathways;

/// <summary>A person's progress state on a module or a pathway in the current cycle.</summary>
public enum ProgressState
{
    /// <summary>Nothing done yet, and not past a due date.</summary>
    NotStarted = 0,

    /// <summary>Some activity done, not complete, and not past a due date.</summary>
    InProgress = 1,

    /// <summary>Complete in the current cycle.</summary>
    Done = 2,

    /// <summary>Not complete after its due date (for a pathway: a required module is overdue).</summary>
    Overdue = 3,
}
