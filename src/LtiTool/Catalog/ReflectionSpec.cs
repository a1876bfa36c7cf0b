namespace LtiPd.LtiTool.Catalog;

/// <summary>The prompt of a reflect activity and the length a response must have.</summary>
/// <param name="Prompt">The question the learner writes about (plain text).</param>
/// <param name="MinLength">The minimum response length in characters, not counting leading and trailing white space.</param>
/// <param name="MaxLength">The maximum response length in characters.</param>
public sealed record ReflectionSpec(string Prompt, int MinLength, int MaxLength);
