namespace LtiPd.LtiTool.Catalog;

/// <summary>Limits that apply to reflections when an activity does not set its own.</summary>
public static class ReflectionDefaults
{
    /// <summary>The longest reflection accepted when the activity sets no <c>maxLength</c>, in characters.</summary>
    public const int MaxLength = 10000;
}
