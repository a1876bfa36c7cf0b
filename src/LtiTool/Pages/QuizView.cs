using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>The quiz form, and after a submission its score, mastery result and the feedback of each chosen option.</summary>
internal static class QuizView
{
    public static void Append(StringBuilder body, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityProgressRecord? record, ActivityPageState state)
    {
        var quiz = activity.Quiz!;
        if (state.QuizResult is { } result)
        {
            AppendResult(body, result);
        }
        else if (record?.BestScorePercent is { } best)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\">Your best score so far is {best}%. Mastery is {quiz.MasteryPercent}%. You may take the quiz again.</p>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">Answer every question. You need {quiz.MasteryPercent}% correct to pass.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}/quiz\">\n{CsrfCheck.HiddenField(session)}\n");
        for (var index = 0; index < quiz.Questions.Count; index++)
        {
            AppendQuestion(body, quiz.Questions[index], index + 1, state);
        }

        body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{(state.QuizResult is null ? "Submit my answers" : "Submit again")}</button>\n</form>\n");
    }

    private static void AppendResult(StringBuilder body, QuizResult result)
    {
        var outcome = result.Passed
            ? $"You passed: {result.CorrectCount} of {result.Answers.Count} correct ({result.ScorePercent}%). Mastery is {result.MasteryPercent}%."
            : $"Not yet: {result.CorrectCount} of {result.Answers.Count} correct ({result.ScorePercent}%). Mastery is {result.MasteryPercent}%. Read the feedback below and try again.";
        var cssClass = result.Passed ? "notice success" : "notice error";
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"{cssClass}\" role=\"status\" aria-labelledby=\"result-heading\" data-testid=\"quiz-result\" data-passed=\"{(result.Passed ? "true" : "false")}\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"result-heading\">{(result.Passed ? "Passed" : "Not passed yet")}</h2>\n<p data-testid=\"quiz-score\">{PageLayout.Encode(outcome)}</p>\n<ol>\n");
        foreach (var answer in result.Answers)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li data-testid=\"feedback\" data-question-id=\"{PageLayout.Encode(answer.Question.Id)}\" data-correct=\"{(answer.IsCorrect ? "true" : "false")}\">");
            body.Append(CultureInfo.InvariantCulture, $"<strong>{(answer.IsCorrect ? "Correct" : "Incorrect")}.</strong> {PageLayout.Encode(answer.Question.Prompt)} You chose: {PageLayout.Encode(answer.Chosen.Text)}. ");
            body.Append(CultureInfo.InvariantCulture, $"{PageLayout.Encode(answer.Chosen.Feedback)}</li>\n");
        }

        body.Append("</ol>\n</section>\n");
    }

    private static void AppendQuestion(StringBuilder body, QuizQuestion question, int number, ActivityPageState state)
    {
        var missing = state.Unanswered.Contains(question);
        var errorId = $"q-{question.Id}-error";
        var describedBy = missing ? $" aria-describedby=\"{errorId}\"" : string.Empty;
        body.Append(CultureInfo.InvariantCulture, $"<fieldset{describedBy}>\n<legend>Question {number}. {PageLayout.Encode(question.Prompt)}</legend>\n");
        if (missing)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{errorId}\"><strong>Choose an answer for this question.</strong></p>\n");
        }

        state.QuizSelections.TryGetValue(question.Id, out var selected);
        foreach (var option in question.Options)
        {
            var inputId = $"q-{question.Id}-{option.Id}";
            var isChecked = option.Id == selected || state.QuizResult?.Answers.Any(answer => answer.Question == question && answer.Chosen == option) == true;
            body.Append(CultureInfo.InvariantCulture, $"<label for=\"{inputId}\"><input type=\"radio\" id=\"{inputId}\" name=\"q-{PageLayout.Encode(question.Id)}\" value=\"{PageLayout.Encode(option.Id)}\" required{(isChecked ? " checked" : string.Empty)}> ");
            body.Append(CultureInfo.InvariantCulture, $"{PageLayout.Encode(option.Text)}</label>\n");
        }

        body.Append("</fieldset>\n");
    }
}
