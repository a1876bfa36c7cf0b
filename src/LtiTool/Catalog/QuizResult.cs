namespace LtiPd.LtiTool.Catalog;

/// <summary>A graded quiz submission.</summary>
/// <param name="Answers">One graded answer per question, in question order.</param>
/// <param name="MasteryPercent">The quiz's mastery score in percent.</param>
public sealed record QuizResult(IReadOnlyList<QuizAnswer> Answers, int MasteryPercent)
{
    /// <summary>How many answers are correct.</summary>
    public int CorrectCount => Answers.Count(answer => answer.IsCorrect);

    /// <summary>The share of correct answers in whole percent, rounded down.</summary>
    public int ScorePercent => Answers.Count == 0 ? 0 : CorrectCount * 100 / Answers.Count;

    /// <summary>
    /// Whether the score reaches mastery. Compared as correct x 100 &gt;= mastery x total, so
    /// rounding the percentage down never fails a learner who reached the mastery share exactly.
    /// </summary>
    public bool Passed => CorrectCount * 100 >= MasteryPercent * Answers.Count;
}
