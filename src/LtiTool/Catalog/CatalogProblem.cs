namespace LtiPd.LtiTool.Catalog;

/// <summary>One thing wrong in a catalog file, found at start-up.</summary>
/// <param name="File">The file, relative to the catalog folder.</param>
/// <param name="Field">The field's path inside the file, such as <c>questions[1].options[0].feedback</c>, or <c>(file)</c> for the file as a whole.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record CatalogProblem(string File, string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Field}: {Message}";
}
