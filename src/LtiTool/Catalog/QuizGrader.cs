namespace LtiPd.LtiTool.Catalog;

/// <summary>Grades quiz submissions.</summary>
public static class QuizGrader
{
    /// <summary>
    /// Grades <paramref name="chosenOptionIds"/> (option id by question id) against
    /// <paramref name="quiz"/>. Every question needs one answer that is one of its options;
    /// otherwise no result is given and the questions to fix are listed.
    /// </summary>
    public static QuizGrading Grade(QuizSpec quiz, IReadOnlyDictionary<string, string> chosenOptionIds)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        ArgumentNullException.ThrowIfNull(chosenOptionIds);

        var answers = new List<QuizAnswer>();
        var unanswered = new List<QuizQuestion>();
        foreach (var question in quiz.Questions)
        {
            var chosen = chosenOptionIds.TryGetValue(question.Id, out var optionId)
                ? question.Options.FirstOrDefault(option => option.Id == optionId)
                : null;
            if (chosen is null)
            {
                unanswered.Add(question);
            }
            else
            {
                answers.Add(new QuizAnswer(question, chosen));
            }
        }

        return unanswered.Count > 0
            ? new QuizGrading(null, unanswered)
            : new QuizGrading(new QuizResult(answers, quiz.MasteryPercent), []);
    }
}
