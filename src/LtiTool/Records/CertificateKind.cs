namespace LtiPd.LtiTool.Records;

/// <summary>What a certificate attests the completion of.</summary>
public enum CertificateKind
{
    /// <summary>A catalog module.</summary>
    Module,

    /// <summary>
    /// A pathway of modules. Nothing issues these yet: once pathways record completions, the
    /// pathway's completion is passed to <see cref="CertificateStore.GetOrIssueAsync"/> like a module's.
    /// </summary>
    Pathway,
}
