namespace LtiPd.XapiBridge.Statements;

/// <summary>The <c>interactionType</c> values xAPI defines (case-sensitive).</summary>
public static class InteractionTypes
{
    /// <summary>A true or false question.</summary>
    public const string TrueFalse = "true-false";

    /// <summary>Pick one or more options from <c>choices</c>.</summary>
    public const string Choice = "choice";

    /// <summary>A short text response.</summary>
    public const string FillIn = "fill-in";

    /// <summary>A long text response, such as an essay.</summary>
    public const string LongFillIn = "long-fill-in";

    /// <summary>Pair items of <c>source</c> with items of <c>target</c>.</summary>
    public const string Matching = "matching";

    /// <summary>Carry out the <c>steps</c> of a task.</summary>
    public const string Performance = "performance";

    /// <summary>Order the <c>choices</c>.</summary>
    public const string Sequencing = "sequencing";

    /// <summary>Pick a point on the <c>scale</c>.</summary>
    public const string Likert = "likert";

    /// <summary>A numeric response or range.</summary>
    public const string Numeric = "numeric";

    /// <summary>Any other kind of question.</summary>
    public const string Other = "other";
}
