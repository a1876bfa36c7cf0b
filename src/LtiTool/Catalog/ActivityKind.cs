namespace LtiPd.LtiTool.Catalog;

/// <summary>The kinds of micro-activity a PD module is built from.</summary>
public enum ActivityKind
{
    /// <summary>A text to read; the learner marks it done.</summary>
    Read,

    /// <summary>A captioned video with a written summary; the learner marks it done.</summary>
    Watch,

    /// <summary>Multiple-choice questions with feedback per option and a mastery score.</summary>
    Quiz,

    /// <summary>A free-text reflection on a prompt, with a minimum length.</summary>
    Reflect,

    /// <summary>Evidence of practice (text, link or file) reviewed against an analytic rubric.</summary>
    Evidence,
}
