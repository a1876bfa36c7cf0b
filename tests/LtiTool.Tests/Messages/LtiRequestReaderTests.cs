using System.Text;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests.Messages;

/// <summary>
/// The one-pass id_token payload reader on input a JSON writer would not produce: duplicate names,
/// wrong JSON types, escaped names, invalid UTF-8, deep nesting and trailing data.
/// </summary>
public sealed class LtiRequestReaderTests
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";

    [Fact]
    public void Read_DuplicateTopLevelClaim_LastWins()
    {
        var request = Read("""{"iss":"first","sub":"s","iss":"second","aud":"a","aud":["b","c"]}""", out var registered);

        Assert.Equal("second", request.Issuer);
        Assert.Equal(["b", "c"], registered.Audiences);
    }

    [Fact]
    public void Read_LastDuplicateWrongType_Absent()
    {
        var request = Read($$$"""{"sub":"s","sub":5,"{{{Lti}}}roles":["x"],"{{{Lti}}}roles":{"a":1}}""", out _);

        Assert.Null(request.Subject);
        Assert.False(request.HasRolesClaim);
        Assert.Empty(request.Roles);
    }

    [Fact]
    public void Read_DuplicateMemberInContext_LastWins()
    {
        var request = Read($$$"""{"{{{Lti}}}context":{"id":"c1","title":"T","id":"c2"}}""", out _);

        Assert.Equal("c2", request.Context!.Id);
        Assert.Equal("T", request.Context.Title);
    }

    [Fact]
    public void Read_DuplicateContextClaim_SecondReplacesFirst()
    {
        var request = Read($$$"""{"{{{Lti}}}context":{"id":"c1","title":"T"},"{{{Lti}}}context":{"id":"c2"}}""", out _);

        Assert.Equal("c2", request.Context!.Id);
        Assert.Null(request.Context.Title);
    }

    [Fact]
    public void Read_CustomExactDuplicate_FirstWins()
    {
        var request = Read($$$"""{"{{{Lti}}}custom":{"unit":"one","Unit":"two","unit":"three"}}""", out _);

        Assert.Equal("one", Assert.Single(request.Custom).Value);
    }

    [Fact]
    public void Read_WrongTypes_AbsentWithFirstFaultNamed()
    {
        var request = Read($$$"""
            {
              "exp": "1700000000",
              "iat": [1700000000],
              "nbf": { "at": 1 },
              "aud": { "id": "client" },
              "azp": 7,
              "nonce": null,
              "{{{Lti}}}roles": ["a", 5, { "role": "b" }, ["c"], "", "d"],
              "{{{Lti}}}resource_link": [ { "id": "in-array" } ],
              "{{{Lti}}}deployment_id": "dep-1"
            }
            """, out var registered);

        Assert.Null(registered.ExpiresAt);
        Assert.Null(registered.IssuedAt);
        Assert.Null(registered.NotBefore);
        Assert.Empty(registered.Audiences);
        Assert.Null(registered.AuthorizedParty);
        Assert.Null(request.Nonce);
        Assert.Equal(["a", "d"], request.Roles);
        Assert.Null(request.ResourceLink);
        Assert.Equal("dep-1", request.DeploymentId);
        Assert.Equal("aud is an object; it must be a string or an array of strings", registered.InvalidClaim);
    }

    [Fact]
    public void Read_NullValues_AbsentWithoutFault()
    {
        var request = Read($$$"""{"exp":null,"aud":null,"nonce":null,"{{{Lti}}}roles":null}""", out var registered);

        Assert.Null(registered.ExpiresAt);
        Assert.Empty(registered.Audiences);
        Assert.Null(request.Nonce);
        Assert.False(request.HasRolesClaim);
        Assert.Null(registered.InvalidClaim);
    }

    [Fact]
    public void Read_RolesAsString_FaultAndNoRoles()
    {
        var request = Read($$$"""{"{{{Lti}}}roles":"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"}""", out var registered);

        Assert.False(request.HasRolesClaim);
        Assert.Empty(request.Roles);
        Assert.StartsWith(LtiClaimNames.Roles + " is a string; it must be an array of role URIs", registered.InvalidClaim, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KnownValues_SameInstances()
    {
        var request = Read($$$"""
            {
              "{{{Lti}}}message_type": "LtiResourceLinkRequest",
              "{{{Lti}}}version": "1.3.0",
              "{{{Lti}}}roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", "http:\/\/purl.imsglobal.org\/vocab\/lis\/v2\/membership#Mentor", "urn:custom"]
            }
            """, out _);

        Assert.Same(LtiMessageTypes.ResourceLinkRequest, request.MessageType);
        Assert.Equal("1.3.0", request.Version);
        Assert.Equal(["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor", "urn:custom"], request.Roles);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("253402300800")]
    [InlineData("1e400")]
    public void Read_NumericDateOutOfRange_AbsentWithFault(string exp)
    {
        Read($$$"""{"exp":{{{exp}}},"iat":1700000000.5}""", out var registered);

        Assert.Null(registered.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), registered.IssuedAt);
        Assert.Equal("exp is out of range; a NumericDate must be a number of seconds from 0 to 253402300799", registered.InvalidClaim);
    }

    [Fact]
    public void Read_EscapedNames_Unescaped()
    {
        var request = Read($$$"""{"\u0069ss":"issuer","https:\/\/purl.imsglobal.org\/spec\/lti\/claim\/context":{"\u0069d":"c1"}}""", out _);

        Assert.Equal("issuer", request.Issuer);
        Assert.Equal("c1", request.Context!.Id);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, "lone 0xFF byte")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "overlong encoding of '/'")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "encoded surrogate")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "truncated sequence")]
    public void Read_InvalidUtf8InUnknownClaim_Rejected(byte[] invalid, string description)
    {
        var payload = Concat("""{"iss":"i","note":" """u8.ToArray(), invalid, "\"}"u8.ToArray());

        var request = LtiRequest.Read(payload, out _, out var problem);

        Assert.True(request is null, description);
        Assert.Equal("the payload is not valid UTF-8", problem);
    }

    [Fact]
    public void Read_NestingDeeperThan64_Rejected()
    {
        var request = LtiRequest.Read(Nested(64), out _, out var problem);

        Assert.Null(request);
        Assert.StartsWith("the payload is not valid JSON: ", problem, StringComparison.Ordinal);
        Assert.Contains("depth of 64", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Nesting64Deep_Accepted()
    {
        var request = LtiRequest.Read(Nested(63), out _, out var problem);

        Assert.NotNull(request);
        Assert.Null(problem);
        Assert.Equal("i", request.Issuer);
    }

    [Theory]
    [InlineData("""["iss"]""", "the payload is not a JSON object")]
    [InlineData("\"iss\"", "the payload is not a JSON object")]
    [InlineData("""{"iss":"a"} {"iss":"b"}""", "the payload is not valid JSON: ")]
    [InlineData("""{"iss":"a"} x""", "the payload is not valid JSON: ")]
    [InlineData("""{"iss":"a",}""", "the payload is not valid JSON: ")]
    [InlineData("""{"iss":"a" /* note */}""", "the payload is not valid JSON: ")]
    [InlineData("{\"iss\":\"a\u0001\"}", "the payload is not valid JSON: ")]
    [InlineData("""{"iss":"a" """, "the payload is not valid JSON: ")]
    [InlineData("", "the payload is not valid JSON: ")]
    public void Read_NotOneJsonObject_RejectedWithReason(string json, string expectedStart)
    {
        var request = LtiRequest.Read(Encoding.UTF8.GetBytes(json), out _, out var problem);

        Assert.Null(request);
        Assert.NotNull(problem);
        Assert.StartsWith(expectedStart, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ByteOrderMark_Rejected()
    {
        var request = LtiRequest.Read(Concat([0xEF, 0xBB, 0xBF], """{"iss":"i"}"""u8.ToArray()), out _, out var problem);

        Assert.Null(request);
        Assert.StartsWith("the payload is not valid JSON: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingWhitespace_Accepted()
    {
        var request = Read("{\"iss\":\"i\"} \r\n\t ", out _);

        Assert.Equal("i", request.Issuer);
    }

    [Fact]
    public void Read_LargeUnknownClaim_SkippedAndOthersRead()
    {
        var padding = new string('p', 200_000);

        var request = Read($$$"""{"padding":"{{{padding}}}","nested":{"a":[1,2,{"b":"{{{padding}}}"}]},"sub":"s"}""", out _);

        Assert.Equal("s", request.Subject);
    }

    [Fact]
    public void Read_NonAsciiValues_Decoded()
    {
        var request = Read($$$"""{"name":"Zoë Ñúñez 山田","{{{Lti}}}custom":{"cité":"Montréal"}}""", out _);

        Assert.Equal("Zoë Ñúñez 山田", request.Name);
        Assert.Equal("Montréal", request.Custom["CITÉ"]);
    }

    [Fact]
    public void Read_LocaleClaimAfterPresentation_LocaleClaimWins()
    {
        var request = Read($$$"""{"{{{Lti}}}launch_presentation":{"locale":"es-MX"},"locale":"fr-CA"}""", out _);

        Assert.Equal("fr-CA", request.Locale);
        Assert.Equal("es-MX", request.LaunchPresentation!.Locale);
    }

    [Fact]
    public void Read_ServiceClaims_UrlsChecked()
    {
        var request = Read("""
            {
              "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": { "scope": ["s1"], "lineitems": "https://lms.example.org/li", "lineitem": "javascript:alert(1)" },
              "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": { "context_memberships_url": "https://lms.example.org/m", "service_versions": "2.0" },
              "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": { "deep_link_return_url": "https://lms.example.org/dl", "accept_multiple": "true", "auto_create": false, "data": "opaque" }
            }
            """, out _);

        Assert.Equal(["s1"], request.AssignmentGradeServices!.Scopes);
        Assert.Equal("https://lms.example.org/li", request.AssignmentGradeServices.LineItemsUrl);
        Assert.Null(request.AssignmentGradeServices.LineItemUrl);
        Assert.Equal(["2.0"], request.NamesRoleService!.ServiceVersions);
        Assert.Null(request.DeepLinkingSettings!.AcceptMultiple);
        Assert.False(request.DeepLinkingSettings.AutoCreate);
        Assert.Equal("opaque", request.DeepLinkingSettings.Data);
    }

    private static LtiRequest Read(string json, out IdTokenRegisteredClaims registered)
    {
        var request = LtiRequest.Read(Encoding.UTF8.GetBytes(json), out registered, out var problem);
        Assert.Null(problem);
        return request!;
    }

    /// <summary>A payload whose unknown claim "deep" holds <paramref name="arrays"/> nested arrays, inside the root object.</summary>
    private static byte[] Nested(int arrays) =>
        Encoding.UTF8.GetBytes("{\"iss\":\"i\",\"deep\":" + new string('[', arrays) + new string(']', arrays) + "}");

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}
