using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Tests.Validation;

public sealed class StatementValidatorTests
{
    private const string R = StatementJson.Remove;
    private const string Sub = StatementJson.SubStatement;

    private readonly StatementValidator _validator = new();

    /// <summary>
    /// Invalid statements, each one change away from <see cref="StatementJson.Valid"/>: the path
    /// to change, the new JSON value, then the path and rule the validator must report. Every row
    /// runs for xAPI 1.0.3 and 2.0.
    /// </summary>
    public static TheoryData<string, string, string, string> InvalidStatements => new()
    {
        // Statement level: required properties, types, ids, unknown and miscased keys.
        { "actor", R, "$.actor", ValidationRules.RequiredProperty },
        { "verb", R, "$.verb", ValidationRules.RequiredProperty },
        { "object", R, "$.object", ValidationRules.RequiredProperty },
        { "id", "\"AA97B177-9383-4934-8543-0F91A7A028368\"", "$.id", ValidationRules.Uuid },
        { "id", "\"MA97B177-9383-4934-8543-0F91A7A02836\"", "$.id", ValidationRules.Uuid },
        { "id", "12345", "$.id", ValidationRules.JsonType },
        { "id", "\"\"", "$.id", ValidationRules.Uuid },
        { "id", "null", "$.id", ValidationRules.NullValue },
        { "extra", "\"x\"", "$.extra", ValidationRules.UnknownProperty },
        { "Actor", "{\"mbox\":\"mailto:a@example.com\"}", "$.Actor", ValidationRules.PropertyCase },
        { "timestamp", "\"01/011/2015\"", "$.timestamp", ValidationRules.Timestamp },
        { "timestamp", "\"2008-09-15T15:53:00.601-00:00\"", "$.timestamp", ValidationRules.Timestamp },
        { "timestamp", "\"2008-09-15T15:53:00.601-0000\"", "$.timestamp", ValidationRules.Timestamp },
        { "timestamp", "\"2008-09-15T15:53:00.601-00\"", "$.timestamp", ValidationRules.Timestamp },
        { "timestamp", "\"2024-02-30T10:00:00Z\"", "$.timestamp", ValidationRules.Timestamp },
        { "stored", "\"yesterday\"", "$.stored", ValidationRules.Timestamp },
        { "version", "\"1.1.0\"", "$.version", ValidationRules.Version },
        { "version", "\"0.9.9\"", "$.version", ValidationRules.Version },
        { "version", "\"should fail\"", "$.version", ValidationRules.Version },
        { "attachments", "{}", "$.attachments", ValidationRules.JsonType },

        // Actor: Agent and Group identifiers.
        { "actor", "\"agent\"", "$.actor", ValidationRules.JsonType },
        { "actor.objectType", "\"agent\"", "$.actor.objectType", ValidationRules.ObjectType },
        { "actor.objectType", "123", "$.actor.objectType", ValidationRules.ObjectType },
        { "actor.name", "123", "$.actor.name", ValidationRules.JsonType },
        { "actor.account", R, "$.actor", ValidationRules.AgentIdentifier },
        { "actor.mbox", "\"mailto:pat@example.edu\"", "$.actor", ValidationRules.AgentIdentifier },
        { "actor", "{\"mbox\":\"mailto:should.fail.com\"}", "$.actor.mbox", ValidationRules.Mbox },
        { "actor", "{\"mbox\":\"http://should.fail.com\"}", "$.actor.mbox", ValidationRules.Mbox },
        { "actor", "{\"mbox_sha1sum\":\"not-a-hash\"}", "$.actor.mbox_sha1sum", ValidationRules.MboxSha1Sum },
        { "actor", "{\"openid\":\"ab=c://should.fail.com\"}", "$.actor.openid", ValidationRules.Iri },
        { "actor.account.homePage", "\"ab=c://should.fail.com\"", "$.actor.account.homePage", ValidationRules.Iri },
        { "actor.account.homePage", R, "$.actor.account.homePage", ValidationRules.RequiredProperty },
        { "actor.account.name", R, "$.actor.account.name", ValidationRules.RequiredProperty },
        { "actor.account.name", "{\"key\":\"value\"}", "$.actor.account.name", ValidationRules.JsonType },
        { "actor.account.HomePage", "\"https://lms.example.edu\"", "$.actor.account.HomePage", ValidationRules.PropertyCase },
        { "actor", "{\"objectType\":\"Group\",\"name\":\"No members\"}", "$.actor.member", ValidationRules.GroupMember },
        { "actor", "{\"objectType\":\"Group\",\"member\":[{\"objectType\":\"Group\",\"member\":[]}]}", "$.actor.member[0]", ValidationRules.GroupMember },
        { "actor", "{\"objectType\":\"Group\",\"member\":[{\"name\":\"no identifier\"}]}", "$.actor.member[0]", ValidationRules.AgentIdentifier },
        { "actor", "{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\",\"openid\":\"https://id.example.com/g\"}", "$.actor", ValidationRules.AgentIdentifier },
        { "actor", "{\"objectType\":\"Group\",\"member\":{\"mbox\":\"mailto:a@example.com\"}}", "$.actor.member", ValidationRules.JsonType },

        // Verb.
        { "verb.id", R, "$.verb.id", ValidationRules.RequiredProperty },
        { "verb.id", "\"completed\"", "$.verb.id", ValidationRules.Iri },
        { "verb.display", "{\"a12345\":\"attended\"}", "$.verb.display.a12345", ValidationRules.LanguageTag },
        { "verb.display", "12345", "$.verb.display", ValidationRules.LanguageMap },
        { "verb.display", "\"a12345 attended\"", "$.verb.display", ValidationRules.LanguageMap },
        { "verb.display", "[{\"en-US\":\"completed\"}]", "$.verb.display", ValidationRules.LanguageMap },
        { "verb.display", "{\"en-US\":null}", "$.verb.display['en-US']", ValidationRules.NullValue },
        { "verb.display", "{\"en-US\":5}", "$.verb.display['en-US']", ValidationRules.JsonType },

        // Object: objectType, Activity and definition.
        { "object.objectType", "\"activity\"", "$.object.objectType", ValidationRules.ObjectType },
        { "object", "{\"mbox\":\"mailto:a@example.com\"}", "$.object.objectType", ValidationRules.ObjectType },
        { "object.id", R, "$.object.id", ValidationRules.RequiredProperty },
        { "object.id", "\"ab=c://should.fail.com\"", "$.object.id", ValidationRules.Iri },
        { "object.definition", "\"should fail\"", "$.object.definition", ValidationRules.JsonType },
        { "object.definition.name", "\"should fail\"", "$.object.definition.name", ValidationRules.LanguageMap },
        { "object.definition.description", "{\"a12345678\":\"should error\"}", "$.object.definition.description.a12345678", ValidationRules.LanguageTag },
        { "object.definition.type", "\"should fail\"", "$.object.definition.type", ValidationRules.Iri },
        { "object.definition.moreInfo", "\"should fail\"", "$.object.definition.moreInfo", ValidationRules.Iri },
        { "object.definition.extensions", "{\"should fail\":true}", "$.object.definition.extensions['should fail']", ValidationRules.Extensions },
        { "object.definition.extensions", "[1,2]", "$.object.definition.extensions", ValidationRules.Extensions },
        { "object.definition.interactionType", "\"Choice\"", "$.object.definition.interactionType", ValidationRules.Interaction },
        { "object.definition.interactionType", "12345", "$.object.definition.interactionType", ValidationRules.JsonType },
        { "object.definition.choices", "[{\"id\":\"a\"}]", "$.object.definition.choices", ValidationRules.Interaction },
        { "object.definition.Name", "{\"en-US\":\"x\"}", "$.object.definition.Name", ValidationRules.PropertyCase },

        // Object: StatementRef, Agent as object, SubStatement.
        { "object", "{\"objectType\":\"StatementRef\"}", "$.object.id", ValidationRules.RequiredProperty },
        { "object", "{\"objectType\":\"StatementRef\",\"id\":12345}", "$.object.id", ValidationRules.JsonType },
        { "object", "{\"objectType\":\"StatementRef\",\"id\":\"not-a-uuid\"}", "$.object.id", ValidationRules.Uuid },
        { "object", "{\"objectType\":\"Agent\"}", "$.object", ValidationRules.AgentIdentifier },
        { "object", "{\"objectType\":\"Note\",\"id\":\"https://example.com/n\"}", "$.object.objectType", ValidationRules.ObjectType },

        // Result and score.
        { "result", "\"passed\"", "$.result", ValidationRules.JsonType },
        { "result.success", "\"true\"", "$.result.success", ValidationRules.JsonType },
        { "result.completion", "1", "$.result.completion", ValidationRules.JsonType },
        { "result.response", "42", "$.result.response", ValidationRules.JsonType },
        { "result.duration", "\"PA1H0M0S\"", "$.result.duration", ValidationRules.Duration },
        { "result.duration", "\"P4W1D\"", "$.result.duration", ValidationRules.Duration },
        { "result.duration", "\"PT\"", "$.result.duration", ValidationRules.Duration },
        { "result.duration", "12345", "$.result.duration", ValidationRules.JsonType },
        { "result.score.scaled", "1.5", "$.result.score.scaled", ValidationRules.ScoreRange },
        { "result.score.scaled", "-1.01", "$.result.score.scaled", ValidationRules.ScoreRange },
        { "result.score.raw", "11", "$.result.score.raw", ValidationRules.ScoreRange },
        { "result.score.raw", "-1", "$.result.score.raw", ValidationRules.ScoreRange },
        { "result.score", "{\"min\":5,\"max\":1}", "$.result.score.min", ValidationRules.ScoreRange },
        { "result.score.max", "\"10\"", "$.result.score.max", ValidationRules.JsonType },
        { "result.score", "[0.5]", "$.result.score", ValidationRules.JsonType },
        { "result.extensions", "{\"attempt\":1}", "$.result.extensions.attempt", ValidationRules.Extensions },

        // Context.
        { "context.registration", "\"AA97B177-9383-4934-8543-0F91A7A028368\"", "$.context.registration", ValidationRules.Uuid },
        { "context.registration", "12345", "$.context.registration", ValidationRules.JsonType },
        { "context.instructor", "{\"name\":\"no identifier\"}", "$.context.instructor", ValidationRules.AgentIdentifier },
        { "context.team", "{\"mbox\":\"mailto:t@example.com\"}", "$.context.team.objectType", ValidationRules.ObjectType },
        { "context.contextActivities", "[]", "$.context.contextActivities", ValidationRules.JsonType },
        { "context.contextActivities.parents", "[]", "$.context.contextActivities.parents", ValidationRules.ContextActivitiesKey },
        { "context.contextActivities.parent[0].id", "\"not an iri\"", "$.context.contextActivities.parent[0].id", ValidationRules.Iri },
        { "context.contextActivities.other", "{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\"}", "$.context.contextActivities.other.objectType", ValidationRules.ObjectType },
        { "context.revision", "2", "$.context.revision", ValidationRules.JsonType },
        { "context.platform", "{\"key\":\"value\"}", "$.context.platform", ValidationRules.JsonType },
        { "context.language", "\"a12345\"", "$.context.language", ValidationRules.LanguageTag },
        { "context.statement", "{\"objectType\":\"StatementRef\",\"id\":\"MA97B177-9383-4934-8543-0F91A7A02836\"}", "$.context.statement.id", ValidationRules.Uuid },
        { "context.statement", "{\"objectType\":\"Activity\",\"id\":\"5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f\"}", "$.context.statement.objectType", ValidationRules.ObjectType },
        { "context.extensions", "{\"district\":\"d-1\"}", "$.context.extensions.district", ValidationRules.Extensions },

        // Authority.
        { "authority", "{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:bob@example.com\"}]}", "$.authority", ValidationRules.Authority },
        { "authority", "{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:a@example.com\"},{\"mbox\":\"mailto:b@example.com\"},{\"mbox\":\"mailto:c@example.com\"}]}", "$.authority", ValidationRules.Authority },
        { "authority", "{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\",\"member\":[{\"mbox\":\"mailto:a@example.com\"},{\"mbox\":\"mailto:b@example.com\"}]}", "$.authority", ValidationRules.Authority },
        { "authority", "{\"objectType\":\"Agent\"}", "$.authority", ValidationRules.AgentIdentifier },

        // Attachments.
        { "attachments[0].usageType", "\"should fail\"", "$.attachments[0].usageType", ValidationRules.Iri },
        { "attachments[0].usageType", R, "$.attachments[0].usageType", ValidationRules.RequiredProperty },
        { "attachments[0].display", R, "$.attachments[0].display", ValidationRules.RequiredProperty },
        { "attachments[0].display", "{\"a12345678\":\"x\"}", "$.attachments[0].display.a12345678", ValidationRules.LanguageTag },
        { "attachments[0].contentType", "12345", "$.attachments[0].contentType", ValidationRules.JsonType },
        { "attachments[0].contentType", "\"pdf\"", "$.attachments[0].contentType", ValidationRules.ContentType },
        { "attachments[0].length", "\"should fail\"", "$.attachments[0].length", ValidationRules.AttachmentLength },
        { "attachments[0].length", "1.5", "$.attachments[0].length", ValidationRules.AttachmentLength },
        { "attachments[0].length", "-1", "$.attachments[0].length", ValidationRules.AttachmentLength },
        { "attachments[0].sha2", "12345", "$.attachments[0].sha2", ValidationRules.JsonType },
        { "attachments[0].sha2", "\"abc\"", "$.attachments[0].sha2", ValidationRules.Sha2 },
        { "attachments[0].fileUrl", "\"should fail\"", "$.attachments[0].fileUrl", ValidationRules.Iri },
    };

    /// <summary>Invalid SubStatements and voiding statements, built from a whole object.</summary>
    public static TheoryData<string, string, string, string> InvalidObjects => new()
    {
        { "object", WithSub("id", "\"5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f\""), "$.object.id", ValidationRules.SubStatementProperty },
        { "object", WithSub("stored", "\"2024-05-01T10:00:00Z\""), "$.object.stored", ValidationRules.SubStatementProperty },
        { "object", WithSub("version", "\"1.0.0\""), "$.object.version", ValidationRules.SubStatementProperty },
        { "object", WithSub("authority", "{\"mbox\":\"mailto:a@example.com\"}"), "$.object.authority", ValidationRules.SubStatementProperty },
        { "object", WithSub("object", Sub), "$.object.object.objectType", ValidationRules.NestedSubStatement },
        { "object", WithSub("actor", R), "$.object.actor", ValidationRules.RequiredProperty },
        { "object", WithSub("object", "{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\",\"mbox_sha1sum\":\"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\"}"), "$.object.object", ValidationRules.AgentIdentifier },
        { "object", WithSub("timestamp", "\"not a time\""), "$.object.timestamp", ValidationRules.Timestamp },
        { "object", WithSub("verb", "{\"id\":\"http://adlnet.gov/expapi/verbs/completed\",\"display\":{\"a12345\":\"x\"}}"), "$.object.verb.display.a12345", ValidationRules.LanguageTag },
        { "object", WithSub("context", "{\"registration\":\"nope\"}"), "$.object.context.registration", ValidationRules.Uuid },
        { "verb", "{\"id\":\"http://adlnet.gov/expapi/verbs/voided\",\"display\":{\"en-US\":\"voided\"}}", "$.object", ValidationRules.VoidingTarget },
    };

    private static string WithSub(string path, string value) => StatementJson.Change(Sub, path, value);

    [Theory]
    [MemberData(nameof(InvalidStatements))]
    [MemberData(nameof(InvalidObjects))]
    public void Validate_InvalidStatement_ReportsPathAndRule(string changePath, string value, string expectedPath, string expectedRule)
    {
        var json = StatementJson.With(changePath, value);
        if (changePath == "object")
        {
            // Context revision and platform are only allowed with an Activity object, so they
            // would add a second error to rows that replace the object.
            json = StatementJson.Change(StatementJson.Change(json, "context.revision", R), "context.platform", R);
        }

        var statement = StatementJson.Parse(json);

        foreach (var version in new[] { XapiVersion.V1, XapiVersion.V2 })
        {
            var errors = _validator.Validate(statement, version);

            var error = Assert.Single(errors);
            Assert.Equal(expectedPath, error.JsonPath);
            Assert.Equal(expectedRule, error.Rule);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Validate_ValidStatement_ReturnsNoErrors()
    {
        var statement = StatementJson.Parse(StatementJson.Valid);

        Assert.Empty(_validator.Validate(statement, XapiVersion.V1));
        Assert.Empty(_validator.Validate(statement, XapiVersion.V2));
    }

    [Theory]
    [InlineData("simple.json")]
    [InlineData("attempted-with-duration.json")]
    [InlineData("long.json")]
    [InlineData("statement-ref-comment.json")]
    [InlineData("substatement-planned.json")]
    [InlineData("voiding.json")]
    [InlineData("interaction-choice.json")]
    [InlineData("interaction-matching.json")]
    [InlineData("attachment.json")]
    public void Validate_SpecExample_IsValidInBothVersions(string file)
    {
        var statement = StatementJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Validation", "SpecExamples", file)));

        Assert.Empty(_validator.Validate(statement, XapiVersion.V1));
        Assert.Empty(_validator.Validate(statement, XapiVersion.V2));
    }

    [Fact]
    public void Validate_ContextAgentsExample_IsValidOnlyInVersion2()
    {
        var statement = StatementJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Validation", "SpecExamples", "v2-context-agents.json")));

        var v1Errors = _validator.Validate(statement, XapiVersion.V1);
        var v2Errors = _validator.Validate(statement, XapiVersion.V2);

        Assert.Empty(v2Errors);
        Assert.Contains(v1Errors, error => error.JsonPath == "$.context.contextAgents" && error.Rule == ValidationRules.UnknownProperty);
        Assert.Contains(v1Errors, error => error.JsonPath == "$.context.contextGroups" && error.Rule == ValidationRules.UnknownProperty);
        Assert.Contains(v1Errors, error => error.JsonPath == "$.version" && error.Rule == ValidationRules.Version);
    }

    public static TheoryData<string, string, string> InvalidContextAgents => new()
    {
        { "context.contextAgents", "{\"objectType\":\"contextAgent\"}", "$.context.contextAgents" },
        { "context.contextAgents", "[{\"objectType\":\"Should fail\",\"agent\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:p@example.com\"}}]", "$.context.contextAgents[0].objectType" },
        { "context.contextAgents", "[{\"agent\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:p@example.com\"}}]", "$.context.contextAgents[0].objectType" },
        { "context.contextAgents", "[{\"objectType\":\"contextAgent\",\"agent\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:p@example.com\"},\"relevantTypes\":[]}]", "$.context.contextAgents[0].relevantTypes" },
        { "context.contextGroups", "[{\"objectType\":\"ContextGroup\",\"group\":{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\"}}]", "$.context.contextGroups[0].objectType" },
        { "context.contextGroups", "[{\"objectType\":\"contextGroup\",\"group\":{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\"},\"relevantTypes\":\"https://example.com/t\"}]", "$.context.contextGroups[0].relevantTypes" },
    };

    [Theory]
    [MemberData(nameof(InvalidContextAgents))]
    public void Validate_InvalidContextAgentsInVersion2_ReportsContextAgentsRule(string changePath, string value, string expectedPath)
    {
        var statement = StatementJson.Parse(StatementJson.With(changePath, value));

        var errors = _validator.Validate(statement, XapiVersion.V2);

        Assert.Contains(errors, error => error.JsonPath == expectedPath && error.Rule == ValidationRules.ContextAgents);
    }

    [Theory]
    [InlineData("context.contextAgents", "[{\"objectType\":\"contextAgent\",\"agent\":{\"key\":\"Should fail\"}}]", "$.context.contextAgents[0].agent.key", ValidationRules.UnknownProperty)]
    [InlineData("context.contextAgents", "[{\"objectType\":\"contextAgent\",\"agent\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:p@example.com\"},\"relevantTypes\":[\"abc\"]}]", "$.context.contextAgents[0].relevantTypes[0]", ValidationRules.Iri)]
    [InlineData("context.contextGroups", "[{\"objectType\":\"contextGroup\"}]", "$.context.contextGroups[0].group", ValidationRules.RequiredProperty)]
    [InlineData("context.contextGroups", "[{\"objectType\":\"contextGroup\",\"group\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:g@example.com\"}}]", "$.context.contextGroups[0].group.objectType", ValidationRules.ObjectType)]
    public void Validate_InvalidContextAgentMember_ReportsPathAndRule(string changePath, string value, string expectedPath, string expectedRule)
    {
        var statement = StatementJson.Parse(StatementJson.With(changePath, value));

        var errors = _validator.Validate(statement, XapiVersion.V2);

        Assert.Contains(errors, error => error.JsonPath == expectedPath && error.Rule == expectedRule);
    }

    [Theory]
    [InlineData("{\"id\":\"3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34\",\"id\":\"3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e35\",\"actor\":{\"mbox\":\"mailto:a@example.com\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},\"object\":{\"id\":\"https://example.com/a\"}}", "$.id")]
    [InlineData("{\"actor\":{\"mbox\":\"mailto:a@example.com\",\"mbox\":\"mailto:b@example.com\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},\"object\":{\"id\":\"https://example.com/a\"}}", "$.actor.mbox")]
    [InlineData("{\"actor\":{\"mbox\":\"mailto:a@example.com\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\",\"display\":{\"en\":\"a\",\"en\":\"b\"}},\"object\":{\"id\":\"https://example.com/a\"}}", "$.verb.display.en")]
    [InlineData("{\"actor\":{\"mbox\":\"mailto:a@example.com\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},\"object\":{\"id\":\"https://example.com/a\",\"definition\":{\"extensions\":{\"https://example.com/x\":1,\"https://example.com/x\":2}}}}", "$.object.definition.extensions['https://example.com/x']")]
    public void Validate_DuplicateKey_ReportsDuplicateProperty(string json, string expectedPath)
    {
        var statement = StatementJson.Parse(json);

        var errors = _validator.Validate(statement, XapiVersion.V1);

        var error = Assert.Single(errors);
        Assert.Equal(expectedPath, error.JsonPath);
        Assert.Equal(ValidationRules.DuplicateProperty, error.Rule);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    [InlineData("[1, {\"a\": null}]")]
    public void Validate_ExtensionValueOfAnyKind_IsValid(string value)
    {
        var statement = StatementJson.Parse(StatementJson.With("context.extensions", $"{{\"https://example.com/ext\": {value}}}"));

        Assert.Empty(_validator.Validate(statement, XapiVersion.V2));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0")]
    [InlineData("1.0.3")]
    [InlineData("1.0.9")]
    public void Validate_VersionOnePointZero_IsValidInBothVersions(string version)
    {
        var statement = StatementJson.Parse(StatementJson.With("version", $"\"{version}\""));

        Assert.Empty(_validator.Validate(statement, XapiVersion.V1));
        Assert.Empty(_validator.Validate(statement, XapiVersion.V2));
    }

    [Fact]
    public void Validate_VersionTwoInVersionOneLrs_ReportsVersion()
    {
        var statement = StatementJson.Parse(StatementJson.With("version", "\"2.0.0\""));

        var errors = _validator.Validate(statement, XapiVersion.V1);

        Assert.Empty(_validator.Validate(statement, XapiVersion.V2));
        var error = Assert.Single(errors);
        Assert.Equal(("$.version", ValidationRules.Version), (error.JsonPath, error.Rule));
    }

    [Theory]
    [InlineData("revision")]
    [InlineData("platform")]
    public void Validate_RevisionWithAgentObject_ReportsContextActivityOnly(string property)
    {
        var json = StatementJson.With("object", "{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\"}");

        var errors = _validator.Validate(StatementJson.Parse(json), XapiVersion.V1);

        Assert.Contains(errors, error => error.JsonPath == $"$.context.{property}" && error.Rule == ValidationRules.ContextActivityOnly);
    }

    [Fact]
    public void Validate_Message_QuotesTheOffendingValue()
    {
        var statement = StatementJson.Parse(StatementJson.With("verb.id", "\"completed\""));

        var error = Assert.Single(_validator.Validate(statement, XapiVersion.V1));

        Assert.Contains("'completed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IRI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateBatch_Array_PrefixesPathsWithIndex()
    {
        var batch = StatementJson.Parse($"[{StatementJson.Valid}, {StatementJson.With("verb", R)}]");

        var error = Assert.Single(_validator.ValidateBatch(batch, XapiVersion.V1));

        Assert.Equal("$[1].verb", error.JsonPath);
        Assert.Equal(ValidationRules.RequiredProperty, error.Rule);
    }

    [Fact]
    public void ValidateActor_AgentWithTwoIdentifiers_ReportsAgentIdentifier()
    {
        var agent = StatementJson.Parse("{\"mbox\":\"mailto:a@example.com\",\"openid\":\"https://id.example.com/a\"}");

        var error = Assert.Single(_validator.ValidateActor(agent, XapiVersion.V1));

        Assert.Equal(("$", ValidationRules.AgentIdentifier), (error.JsonPath, error.Rule));
    }
}
