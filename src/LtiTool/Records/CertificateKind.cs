namespace LtiPd.LtiTool.Records;

/// <summary>What a certificate attests the completion of.</summary>
public enum CertificateKind
{
    /// <summary>A catalog module.</summary>
    Module,

    /// <summary>
    /// One completed cycle of a pathway. Its subject id is <c>{pathwayId}@{cycleStartMs}</c>.
    /// <see cref="TranscriptService"/> issues it when it first lists the completion.
    /// </summary>
    Pathway,
}
