namespace LtiPd.LtiTool.Messages;

/// <summary>Context type vocabulary; platforms send both the short and the full URI form.</summary>
public static class ContextTypes
{
    private const string CourseVocabulary = "http://purl.imsglobal.org/vocab/lis/v2/course#";

    private static readonly string[] KnownShortNames = ["CourseTemplate", "CourseOffering", "CourseSection", "Group"];

    /// <summary>Returns the full URI of a known short name (such as <c>CourseSection</c>), else the value itself.</summary>
    public static string Normalize(string contextType)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        var shortName = contextType.StartsWith("urn:lti:context-type:ims/lis/", StringComparison.Ordinal)
            ? contextType["urn:lti:context-type:ims/lis/".Length..]
            : contextType;
        return KnownShortNames.Contains(shortName, StringComparer.Ordinal) ? CourseVocabulary + shortName : contextType;
    }
}
