using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Credentials;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.AspNetCore.Http;

namespace LtiPd.XapiBridge.Lrs.Agents;

/// <summary>
/// The agents and activities resources (xAPI 1.0.3 Communication 2.4 and 2.5): the person
/// object of an agent, and the stored definition of an activity.
/// </summary>
internal sealed class AgentsResource
{
    private static readonly string[] Identifiers = ["mbox", "mbox_sha1sum", "openid", "account"];

    private readonly StatementReader _reader;

    public AgentsResource(StatementReader reader)
    {
        _reader = reader;
    }

    /// <summary>
    /// Returns the person object for the agent parameter. NOTE: it lists only the identifiers and
    /// name of the agent asked about; agents that share a person are not merged.
    /// </summary>
    public static IResult GetPerson(LrsRequest request)
    {
        if (request.Method is not ("GET" or "HEAD"))
        {
            return LrsResponses.Problem(LrsErrors.MethodNotAllowed(request.Method, request.Resource));
        }

        if (!CanRead(request.Credential!))
        {
            return LrsResponses.Problem(LrsErrors.Forbidden("all/read"));
        }

        var agentText = request.Parameter("agent");
        if (agentText is null || StatementQueryParser.ParseAgentKey(agentText) is null)
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter("agent",
                "agent is missing or invalid. Send the agent as JSON with exactly one of mbox, mbox_sha1sum, openid or account."));
        }

        using var document = JsonDocument.Parse(agentText);
        var agent = JsonNode.Parse(document.RootElement.GetRawText())!.AsObject();
        var person = new JsonObject { ["objectType"] = "Person" };
        if (agent["name"] is JsonValue name)
        {
            person["name"] = new JsonArray(name.DeepClone());
        }

        foreach (var identifier in Identifiers)
        {
            if (agent[identifier] is { } value)
            {
                person[identifier] = new JsonArray(value.DeepClone());
            }
        }

        return LrsResponses.Json(person);
    }

    /// <summary>Returns the activity with its latest stored definition, or the bare activity when none is stored.</summary>
    public async Task<IResult> GetActivityAsync(LrsRequest request, CancellationToken cancellationToken)
    {
        if (request.Method is not ("GET" or "HEAD"))
        {
            return LrsResponses.Problem(LrsErrors.MethodNotAllowed(request.Method, request.Resource));
        }

        if (!CanRead(request.Credential!))
        {
            return LrsResponses.Problem(LrsErrors.Forbidden("all/read"));
        }

        var activityId = request.Parameter("activityId");
        if (string.IsNullOrEmpty(activityId) || !Uri.TryCreate(activityId, UriKind.Absolute, out _))
        {
            return LrsResponses.Problem(LrsErrors.InvalidParameter("activityId", "activityId is missing or not an absolute IRI. Send the activity's id."));
        }

        var stored = await _reader.FindActivityAsync(request.Tenant, activityId, cancellationToken);
        var activity = stored is null
            ? new JsonObject { ["objectType"] = "Activity", ["id"] = activityId }
            : JsonNode.Parse(stored)!;
        return LrsResponses.Json(activity);
    }

    // Reading agents and activities reveals only what statements of the district already show.
    private static bool CanRead(LrsCredential credential) =>
        credential.Allows(LrsScopes.StatementsRead, write: false)
        || credential.Allows(LrsScopes.State, write: false)
        || credential.Allows(LrsScopes.Profile, write: false)
        || credential.Allows(LrsScopes.Define, write: false);
}
