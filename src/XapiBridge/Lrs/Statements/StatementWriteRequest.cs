using LtiPd.XapiBridge.Validation;
namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>A PUT or POST to the statements resource, independent of HTTP.</summary>
/// <param name="Tenant">The district the statements belong to.</param>
/// <param name="CredentialKey">The credential that writes; becomes the authority's account name.</param>
/// <param name="Version">The xAPI version the client declared.</param>
/// <param name="StatementId">The statementId parameter of a PUT; null for POST.</param>
/// <param name="ContentType">application/json or multipart/mixed with a boundary.</param>
/// <param name="Body">The request body.</param>
internal sealed record StatementWriteRequest(
    string Tenant,
    string CredentialKey,
    XapiVersion Version,
    string? StatementId,
    string? ContentType,
    byte[] Body)
{
    public bool IsPut => StatementId is not null;

    public bool IsVersion2 => Version == XapiVersion.V2;
}
