namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>A statement in the form the repository inserts: its stored JSON, index rows and StatementRef target.</summary>
internal sealed class StatementInsert
{
    private StatementInsert(string id, string json, HashSet<(int Kind, string ValueHash)> indexHashes, string? refTarget, bool isVoiding)
    {
        Id = id;
        Json = json;
        IndexHashes = indexHashes;
        RefTarget = refTarget;
        IsVoiding = isVoiding;
    }

    public string Id { get; }

    public string Json { get; }

    /// <summary>The distinct (kind, SHA-256 of the value) pairs of the statement's <c>lrs_statement_keys</c> rows.</summary>
    public HashSet<(int Kind, string ValueHash)> IndexHashes { get; }

    /// <summary>The lowercase id of the statement a StatementRef object targets, or null.</summary>
    public string? RefTarget { get; }

    public bool IsVoiding { get; }

    /// <summary>
    /// Sets <c>stored</c> (and a missing <c>timestamp</c>) and writes the stored JSON. The key rows
    /// come from <see cref="PreparedStatement.KeyHashes"/>, computed on the statement as received.
    /// </summary>
    public static StatementInsert Create(PreparedStatement prepared, string storedText)
    {
        var node = prepared.Statement;
        node["stored"] = storedText;
        if (node["timestamp"] is null)
        {
            node["timestamp"] = storedText;
        }

        return new StatementInsert(prepared.Id, LrsJson.Write(node), prepared.KeyHashes, prepared.RefTarget, prepared.IsVoiding);
    }
}
