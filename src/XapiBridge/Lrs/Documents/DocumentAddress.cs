using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Lrs.Documents;

/// <summary>Where a document request points: its scope and, for single documents, its id.</summary>
internal sealed record DocumentAddress(DocumentKind Kind, string ScopeHash, string? DocumentId, string IdParameter)
{
    public string DocumentHash => LrsJson.Sha256Hex(ScopeHash + "|" + DocumentId);

    /// <summary>Reads and checks the parameters each document resource requires.</summary>
    public static LrsResult<DocumentAddress> Parse(LrsRequest request, DocumentKind kind)
    {
        var activityId = request.Parameter("activityId");
        var agentText = request.Parameter("agent");
        var registration = request.Parameter("registration");
        var idParameter = kind == DocumentKind.State ? "stateId" : "profileId";
        var documentId = request.Parameter(idParameter);

        if (kind != DocumentKind.AgentProfile && string.IsNullOrEmpty(activityId))
        {
            return LrsErrors.InvalidParameter("activityId", "activityId is missing. Send the IRI of the activity the document belongs to.");
        }

        if (kind != DocumentKind.AgentProfile && !Uri.TryCreate(activityId, UriKind.Absolute, out _))
        {
            return LrsErrors.InvalidParameter("activityId", $"activityId '{activityId}' is not an absolute IRI.");
        }

        string? agentKey = null;
        if (kind != DocumentKind.ActivityProfile)
        {
            if (agentText is null)
            {
                return LrsErrors.InvalidParameter("agent", "agent is missing. Send the agent as JSON with one of mbox, mbox_sha1sum, openid or account.");
            }

            agentKey = StatementQueryParser.ParseAgentKey(agentText);
            if (agentKey is null)
            {
                return LrsErrors.InvalidParameter("agent", "agent is not a JSON agent with exactly one of mbox, mbox_sha1sum, openid or account.");
            }
        }

        if (kind == DocumentKind.State && registration is not null && !Guid.TryParseExact(registration, "D", out _))
        {
            return LrsErrors.InvalidParameter("registration", $"registration '{registration}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.");
        }

        var scope = string.Join('|', (int)kind, activityId ?? "", agentKey ?? "", registration?.ToLowerInvariant() ?? "");
        return new DocumentAddress(kind, LrsJson.Sha256Hex(scope), documentId, idParameter);
    }
}
