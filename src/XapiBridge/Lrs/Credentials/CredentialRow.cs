namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>One row of <c>lrs_credentials</c>.</summary>
internal sealed record CredentialRow(string CredentialKey, string Tenant, string SecretHash, string Scopes, string Source, long CreatedAtMs);
