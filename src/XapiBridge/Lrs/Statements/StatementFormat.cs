namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The <c>format</c> parameter of GET statements (xAPI 1.0.3 Communication 2.1.3).</summary>
internal enum StatementFormat
{
    /// <summary>Statements as stored.</summary>
    Exact,

    /// <summary>Agents, groups, activities and verbs reduced to what identifies them.</summary>
    Ids,

    /// <summary>Language maps reduced to the language the client prefers.</summary>
    Canonical,
}
