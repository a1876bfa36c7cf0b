namespace LtiPd.LtiTool.Schools;

/// <summary>One problem in a roster CSV.</summary>
/// <param name="Line">The line number in the file (the header is line 1).</param>
/// <param name="Field">The column the problem is in, or <c>file</c> for the file as a whole.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record RosterProblem(int Line, string Field, string Message)
{
    /// <summary>Formats the problem as <c>line 3, school_id: message</c>.</summary>
    public override string ToString() => $"line {Line}, {Field}: {Message}";
}
