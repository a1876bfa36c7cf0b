using System.Text.Json.Nodes;
using System.Text;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Stores statements in the embedded LRS from inside the process, without HTTP. The statements
/// go through the same checks, storage and notification as those received at <c>/xapi</c>;
/// their authority is the account <see cref="CredentialKey"/>.
/// </summary>
public sealed class EmbeddedLrsClient
{
    /// <summary>The account name the tool's statements carry as authority.</summary>
    public const string CredentialKey = "ltipd-tool";

    private readonly StatementWriter _writer;

    internal EmbeddedLrsClient(StatementWriter writer)
    {
        _writer = writer;
    }

    /// <summary>
    /// Stores one statement (a JSON object) or a batch (a JSON array) for <paramref name="tenant"/>
    /// atomically, and returns the statement ids in order, or the error that rejected the batch.
    /// </summary>
    public Task<LrsResult<IReadOnlyList<string>>> StoreStatementsAsync(
        string tenant, JsonNode statements, CancellationToken cancellationToken, XapiVersion version = XapiVersion.V1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(statements);
        var body = Encoding.UTF8.GetBytes(statements.ToJsonString());
        var request = new StatementWriteRequest(tenant, CredentialKey, version, null, "application/json", body);
        return _writer.WriteAsync(request, cancellationToken);
    }
}
