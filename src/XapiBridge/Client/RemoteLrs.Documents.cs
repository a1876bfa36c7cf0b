using System.Net;
using System.Net.Http.Headers;
using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Client;

// The document resources: state, activity profile and agent profile. A missing document is a
// success with null content, because "not saved yet" is an ordinary outcome for these resources.
public sealed partial class RemoteLrs
{
    /// <summary>Fetches a state document, or null content when there is none.</summary>
    public Task<LrsResponse<LrsDocument?>> RetrieveStateAsync(string activityId, Agent agent, string stateId, Guid? registration, CancellationToken cancellationToken) =>
        GetDocumentAsync(StatePath(activityId, agent, registration) + "&stateId=" + Uri.EscapeDataString(stateId), stateId, cancellationToken);

    /// <summary>Stores a state document with PUT; sends <c>If-Match</c> when the document has an ETag.</summary>
    public Task<LrsResponse<string?>> SaveStateAsync(string activityId, Agent agent, LrsDocument document, Guid? registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return PutDocumentAsync(StatePath(activityId, agent, registration) + "&stateId=" + Uri.EscapeDataString(document.Id), document, createOnlyWithoutEtag: false, cancellationToken);
    }

    /// <summary>Deletes a state document.</summary>
    public Task<LrsResponse<bool>> DeleteStateAsync(string activityId, Agent agent, string stateId, Guid? registration, CancellationToken cancellationToken) =>
        DeleteDocumentAsync(StatePath(activityId, agent, registration) + "&stateId=" + Uri.EscapeDataString(stateId), etag: null, cancellationToken);

    /// <summary>Lists the state ids stored for an activity, agent and registration.</summary>
    public async Task<LrsResponse<IReadOnlyList<string>>> RetrieveStateIdsAsync(string activityId, Agent agent, Guid? registration, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, StatePath(activityId, agent, registration));
        return await SendAsync<IReadOnlyList<string>>(
            request,
            async (response, token) => await ReadJsonAsync(response, XapiJsonContext.Default.ListString, token),
            cancellationToken);
    }

    /// <summary>Fetches an activity profile document, or null content when there is none.</summary>
    public Task<LrsResponse<LrsDocument?>> RetrieveActivityProfileAsync(string activityId, string profileId, CancellationToken cancellationToken) =>
        GetDocumentAsync(ActivityProfilePath(activityId, profileId), profileId, cancellationToken);

    /// <summary>
    /// Stores an activity profile document: <c>If-Match</c> with the document's ETag, or
    /// <c>If-None-Match: *</c> without one, so an unseen existing document is never overwritten.
    /// </summary>
    public Task<LrsResponse<string?>> SaveActivityProfileAsync(string activityId, LrsDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return PutDocumentAsync(ActivityProfilePath(activityId, document.Id), document, createOnlyWithoutEtag: true, cancellationToken);
    }

    /// <summary>Deletes an activity profile document; with <paramref name="etag"/> only if unchanged.</summary>
    public Task<LrsResponse<bool>> DeleteActivityProfileAsync(string activityId, string profileId, string? etag, CancellationToken cancellationToken) =>
        DeleteDocumentAsync(ActivityProfilePath(activityId, profileId), etag, cancellationToken);

    /// <summary>Fetches an agent profile document, or null content when there is none.</summary>
    public Task<LrsResponse<LrsDocument?>> RetrieveAgentProfileAsync(Agent agent, string profileId, CancellationToken cancellationToken) =>
        GetDocumentAsync(AgentProfilePath(agent, profileId), profileId, cancellationToken);

    /// <summary>Stores an agent profile document with the same concurrency rules as activity profiles.</summary>
    public Task<LrsResponse<string?>> SaveAgentProfileAsync(Agent agent, LrsDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return PutDocumentAsync(AgentProfilePath(agent, document.Id), document, createOnlyWithoutEtag: true, cancellationToken);
    }

    /// <summary>Deletes an agent profile document; with <paramref name="etag"/> only if unchanged.</summary>
    public Task<LrsResponse<bool>> DeleteAgentProfileAsync(Agent agent, string profileId, string? etag, CancellationToken cancellationToken) =>
        DeleteDocumentAsync(AgentProfilePath(agent, profileId), etag, cancellationToken);

    private static string StatePath(string activityId, Agent agent, Guid? registration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentNullException.ThrowIfNull(agent);
        var path = $"activities/state?activityId={Uri.EscapeDataString(activityId)}&agent={AgentParameter(agent)}";
        return registration is { } id ? $"{path}&registration={id:D}" : path;
    }

    private static string ActivityProfilePath(string activityId, string profileId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        return $"activities/profile?activityId={Uri.EscapeDataString(activityId)}&profileId={Uri.EscapeDataString(profileId)}";
    }

    private static string AgentProfilePath(Agent agent, string profileId)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        return $"agents/profile?agent={AgentParameter(agent)}&profileId={Uri.EscapeDataString(profileId)}";
    }

    private async Task<LrsResponse<LrsDocument?>> GetDocumentAsync(string relative, string id, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, relative);
        var response = await SendAsync<LrsDocument?>(
            request,
            async (message, token) => new LrsDocument
            {
                Id = id,
                Content = await message.Content.ReadAsByteArrayAsync(token),
                ContentType = message.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                Etag = message.Headers.ETag?.Tag,
                Timestamp = message.Content.Headers.LastModified,
            },
            cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound
            ? LrsResponse<LrsDocument?>.Success(HttpStatusCode.NotFound, null)
            : response;
    }

    private async Task<LrsResponse<string?>> PutDocumentAsync(string relative, LrsDocument document, bool createOnlyWithoutEtag, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Put, relative);
        request.Content = new ByteArrayContent(document.Content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(document.ContentType);
        if (document.Etag is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(document.Etag));
        }
        else if (createOnlyWithoutEtag)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        }

        return await SendAsync(request, (message, _) => Task.FromResult(message.Headers.ETag?.Tag), cancellationToken);
    }

    private async Task<LrsResponse<bool>> DeleteDocumentAsync(string relative, string? etag, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Delete, relative);
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return await SendAsync(request, (_, _) => Task.FromResult(true), cancellationToken);
    }
}
