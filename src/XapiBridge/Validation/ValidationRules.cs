namespace LtiPd.XapiBridge.Validation;

/// <summary>
/// The stable names of the xAPI rules <see cref="StatementValidator"/> enforces. Clients and tests
/// match on these names, so they never change once published; messages may.
/// </summary>
public static class ValidationRules
{
    /// <summary>A value has the wrong JSON type, such as a number where a string is required.</summary>
    public const string JsonType = "json-type";

    /// <summary>A property is <c>null</c> outside an extension value.</summary>
    public const string NullValue = "null-value";

    /// <summary>An object names the same property twice.</summary>
    public const string DuplicateProperty = "duplicate-property";

    /// <summary>A property the specification does not define for this object.</summary>
    public const string UnknownProperty = "unknown-property";

    /// <summary>A defined property written with the wrong letter case, such as <c>Actor</c>.</summary>
    public const string PropertyCase = "property-case";

    /// <summary>A required property is missing.</summary>
    public const string RequiredProperty = "required-property";

    /// <summary>A value is not a UUID in the standard 8-4-4-4-12 hexadecimal form.</summary>
    public const string Uuid = "uuid";

    /// <summary>A value is not an absolute IRI (or IRL) with a scheme.</summary>
    public const string Iri = "iri";

    /// <summary>An <c>mbox</c> is not a <c>mailto:</c> IRI with an email address.</summary>
    public const string Mbox = "mbox";

    /// <summary>An <c>mbox_sha1sum</c> is not 40 hexadecimal digits.</summary>
    public const string MboxSha1Sum = "mbox-sha1sum";

    /// <summary>A language map key or <c>context.language</c> is not an RFC 5646 language tag.</summary>
    public const string LanguageTag = "language-tag";

    /// <summary>A language map is not an object of strings (an array or a plain string, for example).</summary>
    public const string LanguageMap = "language-map";

    /// <summary>An <c>extensions</c> value is not an object, or one of its keys is not an IRI.</summary>
    public const string Extensions = "extensions";

    /// <summary>A duration is not an ISO 8601 duration (<c>PnYnMnDTnHnMnS</c> or <c>PnW</c>).</summary>
    public const string Duration = "duration";

    /// <summary>A timestamp is not an ISO 8601 date and time, or uses the unknown-offset form <c>-00:00</c>.</summary>
    public const string Timestamp = "timestamp";

    /// <summary>An <c>objectType</c> value is not allowed at this place.</summary>
    public const string ObjectType = "object-type";

    /// <summary>An Agent or identified Group has no, or more than one, inverse functional identifier.</summary>
    public const string AgentIdentifier = "agent-identifier";

    /// <summary>A Group's <c>member</c> list is missing on an anonymous Group or contains something other than Agents.</summary>
    public const string GroupMember = "group-member";

    /// <summary>A score breaks its ranges: scaled outside -1..1, or not min &lt;= raw &lt;= max.</summary>
    public const string ScoreRange = "score-range";

    /// <summary>A SubStatement has <c>id</c>, <c>stored</c>, <c>version</c> or <c>authority</c>.</summary>
    public const string SubStatementProperty = "substatement-property";

    /// <summary>A SubStatement contains another SubStatement.</summary>
    public const string NestedSubStatement = "nested-substatement";

    /// <summary>A statement with the verb <c>voided</c> does not have a StatementRef as its object.</summary>
    public const string VoidingTarget = "voiding-target";

    /// <summary>A <c>contextActivities</c> key is not parent, grouping, category or other.</summary>
    public const string ContextActivitiesKey = "context-activities-key";

    /// <summary>A context <c>revision</c> or <c>platform</c> on a statement whose object is not an Activity.</summary>
    public const string ContextActivityOnly = "context-activity-only";

    /// <summary>An xAPI 2.0 <c>contextAgents</c> or <c>contextGroups</c> entry is malformed.</summary>
    public const string ContextAgents = "context-agents";

    /// <summary>A statement <c>version</c> this LRS does not accept.</summary>
    public const string Version = "version";

    /// <summary>An <c>authority</c> that is neither an Agent nor an anonymous Group of exactly two Agents.</summary>
    public const string Authority = "authority";

    /// <summary>An unknown <c>interactionType</c>, or interaction components it does not allow.</summary>
    public const string Interaction = "interaction";

    /// <summary>An attachment <c>contentType</c> that is not an Internet media type.</summary>
    public const string ContentType = "content-type";

    /// <summary>An attachment <c>length</c> that is not a non-negative integer.</summary>
    public const string AttachmentLength = "attachment-length";

    /// <summary>An attachment <c>sha2</c> that is not a hexadecimal SHA-2 digest.</summary>
    public const string Sha2 = "sha2";
}
