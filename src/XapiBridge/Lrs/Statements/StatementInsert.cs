using System.Text.Json;

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

    /// <summary>The distinct (kind, SHA-256 of the value) pairs of <c>lrs_statement_index</c>.</summary>
    public HashSet<(int Kind, string ValueHash)> IndexHashes { get; }

    /// <summary>The lowercase id of the statement a StatementRef object targets, or null.</summary>
    public string? RefTarget { get; }

    public bool IsVoiding { get; }

    /// <summary>Sets <c>stored</c> (and a missing <c>timestamp</c>) and computes the stored JSON and index rows.</summary>
    public static StatementInsert Create(PreparedStatement prepared, string storedText)
    {
        var node = prepared.Statement;
        node["stored"] = storedText;
        if (node["timestamp"] is null)
        {
            node["timestamp"] = storedText;
        }

        var json = LrsJson.Write(node);
        using var document = JsonDocument.Parse(json);
        var statement = document.RootElement;
        var hashes = new HashSet<(int Kind, string ValueHash)>();
        foreach (var (kind, value) in StatementIndexer.Index(statement))
        {
            hashes.Add(((int)kind, LrsJson.Sha256Hex(value)));
        }

        return new StatementInsert(prepared.Id, json, hashes, StatementIndexer.StatementRefTarget(statement), StatementIndexer.IsVoiding(statement));
    }
}
