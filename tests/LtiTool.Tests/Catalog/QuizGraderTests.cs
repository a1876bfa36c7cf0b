using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class QuizGraderTests
{
    private static readonly QuizSpec Quiz = new(75,
    [
        Question("q1"),
        Question("q2"),
        Question("q3"),
        Question("q4"),
    ]);

    [Fact]
    public void Grade_AllCorrect_PassesWithFullScore()
    {
        var grading = QuizGrader.Grade(Quiz, Answers("right", "right", "right", "right"));

        Assert.NotNull(grading.Result);
        Assert.Equal(100, grading.Result.ScorePercent);
        Assert.True(grading.Result.Passed);
    }

    [Fact]
    public void Grade_ExactlyAtMastery_Passes()
    {
        var grading = QuizGrader.Grade(Quiz, Answers("right", "right", "right", "wrong"));

        Assert.Equal(75, grading.Result!.ScorePercent);
        Assert.True(grading.Result.Passed);
    }

    [Fact]
    public void Grade_BelowMastery_Fails()
    {
        var grading = QuizGrader.Grade(Quiz, Answers("right", "right", "wrong", "wrong"));

        Assert.Equal(50, grading.Result!.ScorePercent);
        Assert.False(grading.Result.Passed);
        Assert.Equal([true, true, false, false], grading.Result.Answers.Select(answer => answer.IsCorrect));
    }

    [Fact]
    public void Grade_FractionalMastery_IsNotRoundedDown()
    {
        // Two of three correct is 66.67%, shown as 66, and must pass a mastery of 66.
        var quiz = new QuizSpec(66, [Question("q1"), Question("q2"), Question("q3")]);

        var grading = QuizGrader.Grade(quiz, new Dictionary<string, string> { ["q1"] = "right", ["q2"] = "right", ["q3"] = "wrong" });

        Assert.Equal(66, grading.Result!.ScorePercent);
        Assert.True(grading.Result.Passed);
    }

    [Fact]
    public void Grade_MissingAndUnknownAnswers_ListsThoseQuestions()
    {
        var answers = new Dictionary<string, string> { ["q1"] = "right", ["q3"] = "not-an-option" };

        var grading = QuizGrader.Grade(Quiz, answers);

        Assert.Null(grading.Result);
        Assert.Equal(["q2", "q3", "q4"], grading.Unanswered.Select(question => question.Id));
    }

    private static Dictionary<string, string> Answers(params string[] optionIds) =>
        optionIds.Select((optionId, index) => (Key: $"q{index + 1}", Value: optionId)).ToDictionary(pair => pair.Key, pair => pair.Value);

    private static QuizQuestion Question(string id) => new(id, $"Prompt {id}",
    [
        new QuizOption("right", "Right", IsCorrect: true, "Yes."),
        new QuizOption("wrong", "Wrong", IsCorrect: false, "No."),
    ]);
}
