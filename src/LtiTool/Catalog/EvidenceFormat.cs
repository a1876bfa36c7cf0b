namespace LtiPd.LtiTool.Catalog;

/// <summary>A form in which an evidence activity accepts a submission.</summary>
public enum EvidenceFormat
{
    /// <summary>Text written in the form.</summary>
    Text,

    /// <summary>A link to an artefact stored elsewhere (a shared document, a video).</summary>
    Link,

    /// <summary>An uploaded file.</summary>
    File,
}
