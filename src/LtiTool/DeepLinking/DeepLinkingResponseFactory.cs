using System.Text.Json.Nodes;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>
/// Builds and signs the <c>LtiDeepLinkingResponse</c> JWT (Deep Linking 2.0) with the
/// tool's current key, whose <c>kid</c> is in the header, so the platform finds it in our JWKS.
/// </summary>
public sealed class DeepLinkingResponseFactory
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ToolKeyStore _keys;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Creates the factory.</summary>
    public DeepLinkingResponseFactory(ToolKeyStore keys, TimeProvider timeProvider)
    {
        _keys = keys;
        _timeProvider = timeProvider;
    }

    /// <summary>Signs the response that carries <paramref name="reply"/> to <paramref name="target"/>.</summary>
    public async Task<string> CreateAsync(
        DeepLinkingTarget target,
        DeepLinkingReply reply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reply);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();

        var claims = new JsonObject
        {
            ["iss"] = target.ClientId,
            ["aud"] = target.PlatformIssuer,
            ["iat"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
            // A fresh nonce per response lets the platform reject a replayed one.
            ["nonce"] = Tokens.NewRandom(),
            [LtiClaimNames.MessageType] = DeepLinkingClaimNames.ResponseMessageType,
            [LtiClaimNames.Version] = "1.3.0",
            [LtiClaimNames.DeploymentId] = target.DeploymentId,
            [DeepLinkingClaimNames.ContentItems] = new JsonArray([.. reply.Items.Select(item => ContentItem(item, target))]),
        };

        // The platform matches data exactly, so it is echoed as sent, and only when the request had it.
        if (target.Settings.Data is { } data)
        {
            claims[DeepLinkingClaimNames.Data] = data;
        }

        AddIfPresent(claims, DeepLinkingClaimNames.Message, reply.Message);
        AddIfPresent(claims, DeepLinkingClaimNames.Log, reply.Log);
        AddIfPresent(claims, DeepLinkingClaimNames.ErrorMessage, reply.ErrorMessage);
        AddIfPresent(claims, DeepLinkingClaimNames.ErrorLog, reply.ErrorLog);

        var credentials = await _keys.GetSigningCredentialsAsync(cancellationToken);
        return _handler.CreateToken(claims.ToJsonString(), credentials);
    }

    private static JsonObject ContentItem(DeepLinkOption option, DeepLinkingTarget target)
    {
        var item = new JsonObject
        {
            ["type"] = DeepLinkingClaimNames.LtiResourceLinkType,
            ["title"] = option.Title,
            ["text"] = option.Text,
            ["url"] = target.ToolOrigin + option.LaunchPath,
            ["custom"] = new JsonObject(option.Custom.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))),
        };

        // accept_lineitem false means the platform ignores line items; absent means it may use
        // them, and Moodle and Canvas create a gradebook column only from one.
        if (option.ScoreMaximum > 0 && target.Settings.AcceptLineItem != false)
        {
            item["lineItem"] = new JsonObject
            {
                ["label"] = option.Title,
                ["scoreMaximum"] = option.ScoreMaximum,
                ["resourceId"] = option.ResourceId,
                ["tag"] = DeepLinkingClaimNames.LineItemTag,
            };
        }

        return item;
    }

    private static void AddIfPresent(JsonObject claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
