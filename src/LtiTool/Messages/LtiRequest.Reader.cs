using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The one-pass reader of an id_token payload. It reads the UTF-8 JSON with a
/// <see cref="Utf8JsonReader"/> straight into the message model, so a launch builds no
/// <see cref="JsonDocument"/> and no index of the claims. When a name occurs twice in one object
/// the last one counts, as with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// (RFC 7519 section 4 allows this). A value of the wrong JSON type reads as absent, and for the
/// claims the launch validator checks it is also recorded in <see cref="IdTokenRegisteredClaims.InvalidClaim"/>.
/// Unknown members are skipped.
/// </summary>
public sealed partial class LtiRequest
{
    /// <summary>The largest NumericDate <see cref="DateTimeOffset"/> holds: 9999-12-31T23:59:59Z.</summary>
    private const double MaxNumericDate = 253_402_300_799;

    private const int TopLevelClaimCount = (int)TopLevelClaim.DeepLinkingSettings + 1;

    private static ReadOnlySpan<byte> LtiClaimPrefixUtf8 => "https://purl.imsglobal.org/spec/lti/claim/"u8;

    /// <summary>
    /// Reads an id_token payload. Returns null, with the reason in <paramref name="problem"/>, when
    /// <paramref name="utf8Json"/> is not one JSON object in valid UTF-8 (RFC 8259 section 8.1),
    /// nests deeper than 64 levels, or has anything but whitespace after the object.
    /// </summary>
    internal static LtiRequest? Read(ReadOnlySpan<byte> utf8Json, out IdTokenRegisteredClaims registered, out string? problem)
    {
        registered = new IdTokenRegisteredClaims();
        problem = null;
        if (!Utf8.IsValid(utf8Json))
        {
            problem = "the payload is not valid UTF-8";
            return null;
        }

        try
        {
            // The default options allow no comments and no trailing commas and stop at depth 64,
            // as JsonDocument.Parse does.
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "the payload is not a JSON object";
                return null;
            }

            // The JSON type of each checked claim's last value when that type is wrong, else None
            // (also for null and absent claims). A later duplicate of the right type clears the fault.
            Span<JsonTokenType> typeFaults = stackalloc JsonTokenType[TopLevelClaimCount];
            typeFaults.Clear();
            var request = new LtiRequest();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var claim = IdentifyTopLevel(ref reader);
                reader.Read();
                var valueType = reader.TokenType;
                var typeIsRight = request.ReadTopLevel(ref reader, claim, registered, out var faultType);
                typeFaults[(int)claim] = typeIsRight ? JsonTokenType.None : faultType ?? valueType;
            }

            // Read() throws on anything but whitespace after the closing brace.
            if (reader.Read())
            {
                problem = "the payload has more than one JSON value";
                return null;
            }

            registered.InvalidClaim = DescribeFirstTypeFault(typeFaults);
            return request.Finish();
        }
        catch (JsonException exception)
        {
            // The reader's message names the fault and its byte position, never the token's text.
            problem = "the payload is not valid JSON: " + exception.Message;
            return null;
        }
    }

    /// <summary>
    /// Reads the value of one top-level claim. Returns false when the claim is one the launch
    /// validator checks and the value has the wrong JSON type (or, for a NumericDate, is out of
    /// range). The value then reads as absent. Other claims read tolerantly and return true.
    /// <paramref name="faultType"/> is the JSON type of the wrong member inside the claim, or
    /// null when the claim's own value has the wrong type.
    /// </summary>
    private bool ReadTopLevel(ref Utf8JsonReader reader, TopLevelClaim claim, IdTokenRegisteredClaims registered, out JsonTokenType? faultType)
    {
        bool typeIsRight;
        faultType = null;
        switch (claim)
        {
            case TopLevelClaim.Issuer:
                Issuer = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.Subject:
                Subject = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.Audience:
                typeIsRight = reader.TokenType is JsonTokenType.String or JsonTokenType.StartArray or JsonTokenType.Null;
                registered.Audiences = ReadStringArray(ref reader, out _);
                return typeIsRight;
            case TopLevelClaim.AuthorizedParty:
                registered.AuthorizedParty = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.Expires:
                registered.ExpiresAt = ReadNumericDate(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.IssuedAt:
                registered.IssuedAt = ReadNumericDate(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.NotBefore:
                registered.NotBefore = ReadNumericDate(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.Nonce:
                Nonce = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.MessageType:
                MessageType = ReadCheckedString(ref reader, out typeIsRight, KnownClaimValues.Message);
                return typeIsRight;
            case TopLevelClaim.Version:
                Version = ReadCheckedString(ref reader, out typeIsRight, KnownClaimValues.Message);
                return typeIsRight;
            case TopLevelClaim.DeploymentId:
                DeploymentId = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.TargetLinkUri:
                TargetLinkUri = ReadCheckedString(ref reader, out typeIsRight);
                return typeIsRight;
            case TopLevelClaim.Roles:
                // LTI 1.3 Core's roles claim is an array of role URIs, which may be empty. A lone
                // string is not read as one role, so a platform that sends one gets a clear rejection.
                typeIsRight = reader.TokenType is JsonTokenType.StartArray or JsonTokenType.Null;
                HasRolesClaim = reader.TokenType == JsonTokenType.StartArray;
                Roles = HasRolesClaim ? ReadStringArray(ref reader, out _, KnownClaimValues.Roles) : SkipValue(ref reader);
                return typeIsRight;
            case TopLevelClaim.DeepLinkingSettings:
                DeepLinkingSettings = ReadDeepLinkingSettings(ref reader, out var dataType);
                faultType = dataType;
                return dataType is null;
            default:
                ReadOptionalTopLevel(ref reader, claim);
                return true;
        }
    }

    /// <summary>Reads a top-level claim the validator does not check. A value of the wrong type reads as absent.</summary>
    private void ReadOptionalTopLevel(ref Utf8JsonReader reader, TopLevelClaim claim)
    {
        switch (claim)
        {
            case TopLevelClaim.Name:
                Name = ClaimReader.Data(ReadString(ref reader));
                break;
            case TopLevelClaim.GivenName:
                GivenName = ClaimReader.Data(ReadString(ref reader));
                break;
            case TopLevelClaim.FamilyName:
                FamilyName = ClaimReader.Data(ReadString(ref reader));
                break;
            case TopLevelClaim.Email:
                Email = ClaimReader.Data(ReadString(ref reader));
                break;
            case TopLevelClaim.Locale:
                Locale = ClaimReader.Data(ReadString(ref reader));
                break;
            case TopLevelClaim.Context:
                Context = ReadContext(ref reader);
                break;
            case TopLevelClaim.ResourceLink:
                ResourceLink = ReadResourceLink(ref reader);
                break;
            case TopLevelClaim.LaunchPresentation:
                LaunchPresentation = ReadLaunchPresentation(ref reader);
                break;
            case TopLevelClaim.ToolPlatform:
                Platform = ReadPlatform(ref reader);
                break;
            case TopLevelClaim.Custom:
                Custom = ReadCustom(ref reader);
                break;
            case TopLevelClaim.Lis:
                Lis = ReadLis(ref reader);
                break;
            case TopLevelClaim.ForUser:
                ForUserSubject = ReadForUser(ref reader);
                break;
            case TopLevelClaim.AssignmentGradeServices:
                AssignmentGradeServices = ReadAssignmentGradeServices(ref reader);
                break;
            case TopLevelClaim.NamesRoleService:
                NamesRoleService = ReadNamesRoleService(ref reader);
                break;
            case TopLevelClaim.Unknown:
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>Applies the rules that span claims once every claim is read.</summary>
    private LtiRequest Finish()
    {
        // The locale claim wins over the launch presentation's, whichever came first.
        Locale ??= LaunchPresentation?.Locale;
        return this;
    }

    private static TopLevelClaim IdentifyTopLevel(ref Utf8JsonReader reader)
    {
        // An escaped name ("\u0069ss") is rare, so it takes the slower unescaping path.
        var name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (name.StartsWith("https://purl.imsglobal.org/spec/"u8))
        {
            return IdentifyLtiClaim(name);
        }

        return name switch
        {
            _ when name.SequenceEqual("iss"u8) => TopLevelClaim.Issuer,
            _ when name.SequenceEqual("sub"u8) => TopLevelClaim.Subject,
            _ when name.SequenceEqual("aud"u8) => TopLevelClaim.Audience,
            _ when name.SequenceEqual("azp"u8) => TopLevelClaim.AuthorizedParty,
            _ when name.SequenceEqual("exp"u8) => TopLevelClaim.Expires,
            _ when name.SequenceEqual("iat"u8) => TopLevelClaim.IssuedAt,
            _ when name.SequenceEqual("nbf"u8) => TopLevelClaim.NotBefore,
            _ when name.SequenceEqual("nonce"u8) => TopLevelClaim.Nonce,
            _ when name.SequenceEqual("name"u8) => TopLevelClaim.Name,
            _ when name.SequenceEqual("given_name"u8) => TopLevelClaim.GivenName,
            _ when name.SequenceEqual("family_name"u8) => TopLevelClaim.FamilyName,
            _ when name.SequenceEqual("email"u8) => TopLevelClaim.Email,
            _ when name.SequenceEqual("locale"u8) => TopLevelClaim.Locale,
            _ => TopLevelClaim.Unknown,
        };
    }

    private static TopLevelClaim IdentifyLtiClaim(ReadOnlySpan<byte> name)
    {
        if (!name.StartsWith(LtiClaimPrefixUtf8))
        {
            return name switch
            {
                _ when name.SequenceEqual("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"u8) => TopLevelClaim.AssignmentGradeServices,
                _ when name.SequenceEqual("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"u8) => TopLevelClaim.NamesRoleService,
                _ when name.SequenceEqual("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"u8) => TopLevelClaim.DeepLinkingSettings,
                _ => TopLevelClaim.Unknown,
            };
        }

        var suffix = name[LtiClaimPrefixUtf8.Length..];
        return suffix switch
        {
            _ when suffix.SequenceEqual("message_type"u8) => TopLevelClaim.MessageType,
            _ when suffix.SequenceEqual("version"u8) => TopLevelClaim.Version,
            _ when suffix.SequenceEqual("deployment_id"u8) => TopLevelClaim.DeploymentId,
            _ when suffix.SequenceEqual("target_link_uri"u8) => TopLevelClaim.TargetLinkUri,
            _ when suffix.SequenceEqual("roles"u8) => TopLevelClaim.Roles,
            _ when suffix.SequenceEqual("context"u8) => TopLevelClaim.Context,
            _ when suffix.SequenceEqual("resource_link"u8) => TopLevelClaim.ResourceLink,
            _ when suffix.SequenceEqual("launch_presentation"u8) => TopLevelClaim.LaunchPresentation,
            _ when suffix.SequenceEqual("tool_platform"u8) => TopLevelClaim.ToolPlatform,
            _ when suffix.SequenceEqual("custom"u8) => TopLevelClaim.Custom,
            _ when suffix.SequenceEqual("lis"u8) => TopLevelClaim.Lis,
            _ when suffix.SequenceEqual("for_user"u8) => TopLevelClaim.ForUser,
            _ => TopLevelClaim.Unknown,
        };
    }

    private static ContextClaimValueType? ReadContext(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? id = null, label = null, title = null;
        List<string> types = [];
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("id"u8):
                    id = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("label"u8):
                    label = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("title"u8):
                    title = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("type"u8):
                    types = ReadStringArray(ref reader, out _, KnownClaimValues.ContextTypes);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (id is not { Length: > 0 })
        {
            return null;
        }

        for (var index = 0; index < types.Count; index++)
        {
            types[index] = ContextTypes.Normalize(types[index]);
        }

        return new ContextClaimValueType(id, ClaimReader.Data(label), ClaimReader.Data(title), types);
    }

    private static ResourceLinkClaimValueType? ReadResourceLink(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? id = null, title = null, description = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("id"u8):
                    id = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("title"u8):
                    title = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("description"u8):
                    description = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return id is { Length: > 0 } ? new ResourceLinkClaimValueType(id, ClaimReader.Data(title), ClaimReader.Data(description)) : null;
    }

    private static AssignmentGradeServicesClaimValueType? ReadAssignmentGradeServices(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        IReadOnlyList<string> scopes = [];
        string? lineItems = null, lineItem = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("scope"u8):
                    scopes = ReadStringArray(ref reader, out _, KnownClaimValues.AgsScopes);
                    break;
                case var _ when member.SequenceEqual("lineitems"u8):
                    lineItems = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("lineitem"u8):
                    lineItem = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new AssignmentGradeServicesClaimValueType(scopes, ClaimReader.Url(lineItems), ClaimReader.Url(lineItem));
    }

    private static NamesRoleServiceClaimValueType? ReadNamesRoleService(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? membershipsUrl = null;
        IReadOnlyList<string> versions = [];
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("context_memberships_url"u8):
                    membershipsUrl = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("service_versions"u8):
                    versions = ReadStringArray(ref reader, out _);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return ClaimReader.Url(membershipsUrl) is { } url ? new NamesRoleServiceClaimValueType(url, versions) : null;
    }

    /// <summary>
    /// Reads the deep linking settings. <paramref name="dataType"/> is the JSON type of a
    /// <c>data</c> member that is not a string, or null when it is a string, null or absent.
    /// </summary>
    private static DeepLinkingSettingsClaimValueType? ReadDeepLinkingSettings(ref Utf8JsonReader reader, out JsonTokenType? dataType)
    {
        dataType = null;
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? returnUrl = null, title = null, text = null, data = null;
        IReadOnlyList<string> acceptTypes = [], acceptTargets = [];
        bool? acceptMultiple = null, acceptLineItem = null, autoCreate = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("deep_link_return_url"u8):
                    returnUrl = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("accept_types"u8):
                    acceptTypes = ReadStringArray(ref reader, out _);
                    break;
                case var _ when member.SequenceEqual("accept_presentation_document_targets"u8):
                    acceptTargets = ReadStringArray(ref reader, out _);
                    break;
                case var _ when member.SequenceEqual("accept_multiple"u8):
                    acceptMultiple = ReadBoolean(ref reader);
                    break;
                case var _ when member.SequenceEqual("accept_lineitem"u8):
                    acceptLineItem = ReadBoolean(ref reader);
                    break;
                case var _ when member.SequenceEqual("auto_create"u8):
                    autoCreate = ReadBoolean(ref reader);
                    break;
                case var _ when member.SequenceEqual("title"u8):
                    title = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("text"u8):
                    text = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("data"u8):
                    // LTI Deep Linking 2.0 section 4.4.1: data is an opaque value the tool returns
                    // unchanged, and the 1EdTech data model types it as a string. A value of another
                    // type rejects the launch, so the platform never gets back a changed value.
                    dataType = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? null : reader.TokenType;
                    data = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return ClaimReader.Url(returnUrl) is { } url
            ? new DeepLinkingSettingsClaimValueType(url, acceptTypes, acceptTargets, acceptMultiple, acceptLineItem, autoCreate, title, text, data)
            : null;
    }

    private static LaunchPresentationClaimValueType? ReadLaunchPresentation(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? documentTarget = null, returnUrl = null, locale = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("document_target"u8):
                    documentTarget = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("return_url"u8):
                    returnUrl = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("locale"u8):
                    locale = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new LaunchPresentationClaimValueType(documentTarget, ClaimReader.Url(returnUrl), ClaimReader.Data(locale));
    }

    private static PlatformClaimValueType? ReadPlatform(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? guid = null, name = null, productFamilyCode = null, version = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("guid"u8):
                    guid = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("name"u8):
                    name = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("product_family_code"u8):
                    productFamilyCode = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("version"u8):
                    version = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PlatformClaimValueType(guid, ClaimReader.Data(name), productFamilyCode, version);
    }

    private static LisClaimValueType? ReadLis(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? person = null, courseOffering = null, courseSection = null;
        while (NextMember(ref reader, out var member))
        {
            switch (member)
            {
                case var _ when member.SequenceEqual("person_sourcedid"u8):
                    person = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("course_offering_sourcedid"u8):
                    courseOffering = ReadString(ref reader);
                    break;
                case var _ when member.SequenceEqual("course_section_sourcedid"u8):
                    courseSection = ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new LisClaimValueType(ClaimReader.Data(person), ClaimReader.Data(courseOffering), ClaimReader.Data(courseSection));
    }

    private static string? ReadForUser(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return null;
        }

        string? userId = null;
        while (NextMember(ref reader, out var member))
        {
            if (member.SequenceEqual("user_id"u8))
            {
                userId = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return userId;
    }

    private static Dictionary<string, string> ReadCustom(ref Utf8JsonReader reader)
    {
        var custom = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!EnterObject(ref reader))
        {
            return custom;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();

            // Numbers keep their text as sent; true and false read as those words.
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
            reader.Skip();
            if (ClaimReader.Data(value) is { } data)
            {
                custom.TryAdd(name, data);
            }
        }

        return custom;
    }

    /// <summary>Returns whether the current value is an object; any other value is skipped.</summary>
    private static bool EnterObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>
    /// Moves to the next member of the current object and then to its value. Returns false at the
    /// end of the object. The name is unescaped when the token escaped it.
    /// </summary>
    private static bool NextMember(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            name = default;
            return false;
        }

        name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        reader.Read();
        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader, KnownClaimValues? known = null)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return known is not null && !reader.ValueIsEscaped && known.Find(reader.ValueSpan) is { } value
                ? value
                : reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// Reads a string array, keeping non-empty strings and skipping other items. A lone non-empty
    /// string counts as a one-element array. <paramref name="isArrayOrString"/> is true when the
    /// value was an array or a string, even an empty one.
    /// </summary>
    private static List<string> ReadStringArray(ref Utf8JsonReader reader, out bool isArrayOrString, KnownClaimValues? known = null)
    {
        var items = new List<string>();
        isArrayOrString = reader.TokenType is JsonTokenType.StartArray or JsonTokenType.String;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.GetString() is { Length: > 0 } single)
            {
                items.Add(single);
            }

            return items;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return items;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (ReadString(ref reader, known) is { Length: > 0 } item)
                {
                    items.Add(item);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return items;
    }

    /// <summary>
    /// Reads a NumericDate (RFC 7519 section 2): a JSON number of seconds since 1970-01-01T00:00:00Z,
    /// fractions allowed. <paramref name="typeIsRight"/> is false for any other type and for a number
    /// outside what <see cref="DateTimeOffset"/> holds. A null is absent and not a fault.
    /// </summary>
    private static DateTimeOffset? ReadNumericDate(ref Utf8JsonReader reader, out bool typeIsRight)
    {
        typeIsRight = reader.TokenType == JsonTokenType.Null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var seconds))
        {
            reader.Skip();
            return null;
        }

        if (double.IsNaN(seconds) || seconds < 0 || seconds > MaxNumericDate)
        {
            return null;
        }

        typeIsRight = true;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
    }

    /// <summary>
    /// Reads a string claim the validator checks. <paramref name="typeIsRight"/> is false when the
    /// value is neither a string nor null.
    /// </summary>
    private static string? ReadCheckedString(ref Utf8JsonReader reader, out bool typeIsRight, KnownClaimValues? known = null)
    {
        typeIsRight = reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
        return ReadString(ref reader, known);
    }

    private static List<string> SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return [];
    }

    private enum TopLevelClaim
    {
        Unknown,
        Issuer,
        Subject,
        Audience,
        AuthorizedParty,
        Expires,
        IssuedAt,
        NotBefore,
        Nonce,
        Name,
        GivenName,
        FamilyName,
        Email,
        Locale,
        MessageType,
        Version,
        DeploymentId,
        TargetLinkUri,
        Roles,
        Context,
        ResourceLink,
        LaunchPresentation,
        ToolPlatform,
        Custom,
        Lis,
        ForUser,
        AssignmentGradeServices,
        NamesRoleService,
        DeepLinkingSettings,
    }
}
