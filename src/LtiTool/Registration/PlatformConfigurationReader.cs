using System.Text.Json;

namespace LtiPd.LtiTool.Registration;

/// <summary>Reads a platform's OpenID configuration document, tolerating the shapes Canvas and Moodle send.</summary>
public static class PlatformConfigurationReader
{
    /// <summary>The claim of the LTI part of the platform configuration.</summary>
    public const string PlatformConfigurationClaim = "https://purl.imsglobal.org/spec/lti-platform-configuration";

    private const string CanvasAccountName = "https://canvas.instructure.com/lti/account_name";

    /// <summary>Returns the configuration, or the name of the first required field that is missing.</summary>
    public static (PlatformConfiguration? Configuration, string? Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "the document is not a JSON object");
        }

        var required = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint" })
        {
            if (String(root, name) is not { Length: > 0 } value)
            {
                return (null, $"'{name}' is missing");
            }

            required[name] = value;
        }

        var lti = root.TryGetProperty(PlatformConfigurationClaim, out var claim) && claim.ValueKind == JsonValueKind.Object ? claim : (JsonElement?)null;
        return (new PlatformConfiguration
        {
            Issuer = required["issuer"],
            AuthorizationEndpoint = required["authorization_endpoint"],
            TokenEndpoint = required["token_endpoint"],
            JwksUri = required["jwks_uri"],
            RegistrationEndpoint = required["registration_endpoint"],
            AuthorizationServer = String(root, "authorization_server"),
            ScopesSupported = Strings(root, "scopes_supported"),
            ProductFamilyCode = lti is { } productClaim ? String(productClaim, "product_family_code") : null,
            MessagesSupported = lti is { } messagesClaim ? Messages(messagesClaim) : [],
            AccountName = String(root, CanvasAccountName),
        }, null);
    }

    /// <summary>
    /// Reads messages_supported: objects with a type and placements (the spec and Canvas), or
    /// plain type strings (Moodle), which then take the configuration's top-level placements.
    /// </summary>
    private static List<SupportedMessage> Messages(JsonElement lti)
    {
        var messages = new List<SupportedMessage>();
        if (!lti.TryGetProperty("messages_supported", out var supported) || supported.ValueKind != JsonValueKind.Array)
        {
            return messages;
        }

        var sharedPlacements = Strings(lti, "placements");
        foreach (var message in supported.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.String && message.GetString() is { Length: > 0 } type)
            {
                messages.Add(new SupportedMessage(type, sharedPlacements));
            }
            else if (message.ValueKind == JsonValueKind.Object && String(message, "type") is { Length: > 0 } objectType)
            {
                messages.Add(new SupportedMessage(objectType, Strings(message, "placements")));
            }
        }

        return messages;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];
}
