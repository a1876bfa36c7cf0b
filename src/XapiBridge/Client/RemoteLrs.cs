using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Client;

/// <summary>
/// An xAPI client for any LRS, over an <see cref="HttpClient"/> the caller owns (typically from
/// <c>IHttpClientFactory</c>). Every request carries Basic authentication, the
/// <c>X-Experience-API-Version</c> header and a User-Agent. HTTP failures come back as
/// <see cref="LrsResponse{T}"/> failures with the status and the LRS's message.
/// </summary>
public sealed partial class RemoteLrs
{
    /// <summary>The User-Agent product LtiPd sends to LRSs.</summary>
    public const string UserAgentProduct = "LtiPd-XapiBridge";

    private const int MaxErrorMessageLength = 500;

    private static readonly string UserAgentVersion =
        typeof(RemoteLrs).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string _versionHeader;

    /// <summary>Creates a client for the LRS that <paramref name="options"/> describes.</summary>
    public RemoteLrs(HttpClient httpClient, RemoteLrsOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"The LRS endpoint '{options.Endpoint}' is not an absolute URI; use a full URI such as https://lrs.example.org/xapi/.", nameof(options));
        }

        _httpClient = httpClient;
        var endpoint = options.Endpoint.ToString();
        _endpoint = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        Version = options.Version;
        _versionHeader = options.Version.ToHeaderValue();
        if (options.Username is not null)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    /// <summary>The endpoint, always with a trailing slash.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>The xAPI version this client speaks.</summary>
    public XapiVersion Version { get; }

    /// <summary>
    /// Stores one statement. A statement with an id is sent with PUT, which is idempotent: the LRS
    /// returns 204, or 409 when a different statement has that id. Without an id it is a POST,
    /// and the LRS assigns the id.
    /// </summary>
    public async Task<LrsResponse<Guid>> SaveStatementAsync(Statement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Id is { } id)
        {
            using var put = CreateRequest(HttpMethod.Put, $"statements?statementId={id:D}");
            put.Content = JsonContent(statement, XapiJsonContext.Default.Statement);
            return await SendAsync(put, (_, _) => Task.FromResult(id), cancellationToken);
        }

        var saved = await SaveStatementsAsync([statement], cancellationToken);
        return saved.IsSuccess
            ? LrsResponse<Guid>.Success(saved.StatusCode!.Value, saved.Content!.Single())
            : Forward<IReadOnlyList<Guid>, Guid>(saved);
    }

    /// <summary>Stores several statements in one POST and returns their ids in order.</summary>
    public async Task<LrsResponse<IReadOnlyList<Guid>>> SaveStatementsAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        using var request = CreateRequest(HttpMethod.Post, "statements");
        request.Content = JsonContent(statements.ToList(), XapiJsonContext.Default.ListStatement);
        return await SendAsync<IReadOnlyList<Guid>>(request, ReadIdsAsync, cancellationToken);
    }

    /// <summary>
    /// Stores statements already serialised as a JSON array, as the outbox keeps them, so the
    /// bytes the LRS receives are the ones that were enqueued.
    /// </summary>
    public async Task<LrsResponse<IReadOnlyList<Guid>>> SaveStatementsJsonAsync(string statementsJsonArray, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementsJsonArray);
        using var request = CreateRequest(HttpMethod.Post, "statements");
        request.Content = new StringContent(statementsJsonArray, Encoding.UTF8, "application/json");
        return await SendAsync<IReadOnlyList<Guid>>(request, ReadIdsAsync, cancellationToken);
    }

    /// <summary>Fetches one statement by id. A voided statement is not found; see <see cref="RetrieveVoidedStatementAsync"/>.</summary>
    public Task<LrsResponse<Statement>> RetrieveStatementAsync(Guid id, CancellationToken cancellationToken) =>
        GetStatementAsync($"statements?statementId={id:D}", cancellationToken);

    /// <summary>Fetches a voided statement by id.</summary>
    public Task<LrsResponse<Statement>> RetrieveVoidedStatementAsync(Guid id, CancellationToken cancellationToken) =>
        GetStatementAsync($"statements?voidedStatementId={id:D}", cancellationToken);

    /// <summary>Runs a statement query and returns the first page; follow <see cref="StatementsResult.More"/> with <see cref="MoreStatementsAsync"/>.</summary>
    public async Task<LrsResponse<StatementsResult>> QueryStatementsAsync(StatementsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var queryString = query.ToQueryString();
        using var request = CreateRequest(HttpMethod.Get, queryString.Length == 0 ? "statements" : "statements?" + queryString);
        return await SendAsync(request, ReadStatementsResultAsync, cancellationToken);
    }

    /// <summary>
    /// Fetches the next page of a query. <paramref name="more"/> is the <c>more</c> IRL of the
    /// previous page; a path starting with <c>/</c> is resolved against the LRS host, any other
    /// relative value against the endpoint, as LRSs differ in which they send.
    /// </summary>
    public async Task<LrsResponse<StatementsResult>> MoreStatementsAsync(string more, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(more);
        var target = new Uri(_endpoint, more);
        if (!string.Equals(target.GetLeftPart(UriPartial.Authority), _endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            // Credentials go with the request, so they must not leave for another host.
            throw new ArgumentException($"The more IRL '{more}' points to another host than the LRS endpoint {_endpoint.GetLeftPart(UriPartial.Authority)}; refusing to send credentials there.", nameof(more));
        }

        using var request = CreateRequest(HttpMethod.Get, target);
        return await SendAsync(request, ReadStatementsResultAsync, cancellationToken);
    }

    /// <summary>Voids statement <paramref name="statementId"/> with a statement by <paramref name="actor"/>.</summary>
    public Task<LrsResponse<Guid>> VoidStatementAsync(Guid statementId, Agent actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var voiding = new Statement
        {
            Actor = actor,
            Verb = new Verb(XapiVerbs.Voided, "voided"),
            Target = new StatementRef(statementId),
        };
        return SaveStatementAsync(voiding, cancellationToken);
    }

    /// <summary>Fetches the LRS's <c>about</c> resource: its xAPI versions and extensions.</summary>
    public async Task<LrsResponse<About>> AboutAsync(CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, "about");
        return await SendAsync(request, (response, token) => ReadJsonAsync(response, XapiJsonContext.Default.About, token), cancellationToken);
    }

    private async Task<LrsResponse<Statement>> GetStatementAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, relative);
        return await SendAsync(request, (response, token) => ReadJsonAsync(response, XapiJsonContext.Default.Statement, token), cancellationToken);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string relative) => CreateRequest(method, new Uri(_endpoint, relative));

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add(XapiVersionHeader.Name, _versionHeader);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue(UserAgentProduct, UserAgentVersion));
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static StringContent JsonContent<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    /// <summary>
    /// Sends the request and maps the outcome: a 2xx response is read by <paramref name="readAsync"/>;
    /// other statuses and connection failures become failures with the LRS's message.
    /// </summary>
    private async Task<LrsResponse<T>> SendAsync<T>(
        HttpRequestMessage request,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readAsync,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return LrsResponse<T>.NoResponse($"The LRS at {_endpoint.GetLeftPart(UriPartial.Authority)} could not be reached: {exception.Message}");
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return LrsResponse<T>.NoResponse($"The request to the LRS at {_endpoint.GetLeftPart(UriPartial.Authority)} timed out: {exception.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var message = await ReadErrorMessageAsync(response, cancellationToken);
                return LrsResponse<T>.Failure(response.StatusCode, message, ReadRetryAfter(response));
            }

            try
            {
                var content = await readAsync(response, cancellationToken);
                return LrsResponse<T>.Success(response.StatusCode, content);
            }
            catch (JsonException exception)
            {
                return LrsResponse<T>.Failure(response.StatusCode, $"The LRS returned {(int)response.StatusCode} with a body that is not the expected xAPI JSON: {exception.Message}");
            }
        }
    }

    private static LrsResponse<TOut> Forward<TIn, TOut>(LrsResponse<TIn> failure) => failure.StatusCode is { } status
        ? LrsResponse<TOut>.Failure(status, failure.ErrorMessage ?? string.Empty, failure.RetryAfter)
        : LrsResponse<TOut>.NoResponse(failure.ErrorMessage ?? string.Empty);

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ReadJsonAsync(response, XapiJsonContext.Default.ListGuid, cancellationToken);

    private static async Task<StatementsResult> ReadStatementsResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var result = await ReadJsonAsync(response, XapiJsonContext.Default.StatementsResult, cancellationToken);
        if (string.IsNullOrEmpty(result.More))
        {
            // The LRS sends "" on the last page; null is easier to test for.
            result.More = null;
        }

        return result;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken)
            ?? throw new JsonException("The body is null.");
    }

    /// <summary>Returns the LRS's message: the <c>message</c> of a JSON error body, or the text itself, shortened.</summary>
    private static async Task<string> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = body;
        if (body.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                foreach (var name in new[] { "message", "error", "errorMessage" })
                {
                    if (document.RootElement.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String)
                    {
                        message = property.GetString()!;
                        break;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }

        message = message.Trim();
        if (message.Length == 0)
        {
            message = response.ReasonPhrase ?? "no message";
        }

        var text = message.Length <= MaxErrorMessageLength ? message : message[..MaxErrorMessageLength] + "...";
        return string.Create(CultureInfo.InvariantCulture, $"LRS returned {(int)response.StatusCode}: {text}");
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date && response.Headers.Date is { } now)
        {
            // Measured against the LRS's own Date header, so clock skew between hosts cancels out.
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string AgentParameter(Agent agent) =>
        Uri.EscapeDataString(JsonSerializer.Serialize(agent, agent.GetType(), XapiJson.Options));
}
