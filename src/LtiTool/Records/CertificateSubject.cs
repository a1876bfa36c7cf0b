namespace LtiPd.LtiTool.Records;

/// <summary>The completed module or pathway a certificate is for, as it is when the certificate is issued.</summary>
/// <param name="Kind">Module or pathway.</param>
/// <param name="Id">The module's or pathway's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="CreditHours">The PD credit hours it grants.</param>
/// <param name="CompletedAt">When the person completed it.</param>
public sealed record CertificateSubject(CertificateKind Kind, string Id, string Title, decimal CreditHours, DateTimeOffset CompletedAt);
