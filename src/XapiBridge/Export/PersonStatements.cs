using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Export;

/// <summary>
/// Reads and erases the statements of one person in one district, for a district admin's
/// personal-data export and deletion. A person is named by agent identifier keys
/// (<c>account:homePage|name</c>, <c>mbox:mailto:…</c>), as the statement index stores them.
/// </summary>
public sealed class PersonStatements
{
    /// <summary>The account home page of the pseudonymous actor that replaces an erased person.</summary>
    public const string RedactedHomePage = "https://ltipd.invalid/redacted";

    /// <summary>The text that replaces a free-text result response.</summary>
    public const string RedactedText = "[redacted]";

    private const string SelectIndexedPrefix =
        "SELECT s.seq AS Seq, s.statement_json AS StatementJson FROM lrs_statements s WHERE s.tenant = @tenant AND s.seq IN " +
        "(SELECT k.seq FROM lrs_statement_keys k JOIN lrs_index_values v ON v.value_id = k.value_id " +
        "WHERE v.tenant = @tenant AND k.kind = @kind AND v.value_hash ";

    // Dapper expands "IN @hashes" into one parameter per value, but hands Npgsql the array as it is.
    private static readonly SqlText SelectIndexed = SqlText.PerProvider(
        sqlite: SelectIndexedPrefix + "IN @hashes) ORDER BY s.seq",
        postgreSql: SelectIndexedPrefix + "= ANY(@hashes)) ORDER BY s.seq",
        sqlServer: SelectIndexedPrefix + "IN @hashes) ORDER BY s.seq");

    private static readonly SqlText UpdateStatement = SqlText.Portable(
        "UPDATE lrs_statements SET statement_json = @json, voided = 1 WHERE tenant = @tenant AND seq = @seq");

    // The seq was read for this tenant, and seqs are unique across tenants.
    private static readonly SqlText DeleteKeys = SqlText.Portable(
        "DELETE FROM lrs_statement_keys WHERE seq = @seq");

    private static readonly SqlText InsertKey = SqlText.Portable(
        "INSERT INTO lrs_statement_keys (value_id, kind, seq) VALUES (@valueId, @kind, @seq)");

    // A value no statement uses any more is removed, so no hash of an erased identifier stays.
    private static readonly SqlText DeleteUnusedValues = SqlText.PerProvider(
        sqlite: DeleteUnusedValuesPrefix + "IN @hashes" + DeleteUnusedValuesSuffix,
        postgreSql: DeleteUnusedValuesPrefix + "= ANY(@hashes)" + DeleteUnusedValuesSuffix,
        sqlServer: DeleteUnusedValuesPrefix + "IN @hashes" + DeleteUnusedValuesSuffix);

    private const string DeleteUnusedValuesPrefix = "DELETE FROM lrs_index_values WHERE tenant = @tenant AND value_hash ";

    private const string DeleteUnusedValuesSuffix =
        " AND NOT EXISTS (SELECT 1 FROM lrs_statement_keys k WHERE k.value_id = lrs_index_values.value_id)";

    private readonly Database _database;

    /// <summary>Creates the service over <paramref name="database"/>.</summary>
    public PersonStatements(Database database)
    {
        _database = database;
    }

    /// <summary>Returns the agent identifier key of an LTI account, as the statement index stores it.</summary>
    public static string AccountKey(string homePage, string name) => "account:" + homePage + "|" + name;

    /// <summary>Returns the agent identifier key of an email address.</summary>
    public static string EmailKey(string email) => "mbox:mailto:" + email;

    /// <summary>
    /// Writes every statement of <paramref name="tenant"/> that names the person anywhere (actor,
    /// object, context, authority), voided ones included, to <paramref name="writer"/> as JSON
    /// array items, and returns how many it wrote.
    /// </summary>
    public async Task<int> WriteAllAsync(string tenant, IReadOnlyCollection<string> agentKeys, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentKeys);
        ArgumentNullException.ThrowIfNull(writer);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatementJsonRow>(_database.Command(
            SelectIndexed, new { tenant, kind = (int)IndexKind.RelatedAgent, hashes = Hashes(agentKeys) }, cancellationToken));
        var count = 0;
        foreach (var row in rows)
        {
            writer.WriteRawValue(row.StatementJson);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Voids and redacts, in the caller's transaction, every statement whose actor (or agent
    /// object) is the person: the actor becomes one pseudonymous account per erasure, and
    /// free-text result responses and result extensions are replaced. The rows stay, so
    /// statement counts stay true. Returns how many statements it changed.
    /// </summary>
    /// <remarks>
    /// This is the one place where a stored statement changes: the xAPI rule that stored
    /// statements are immutable yields to the district's duty to erase personal data.
    /// </remarks>
    public async Task<int> EraseAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyCollection<string> agentKeys, CancellationToken cancellationToken) =>
        (await EraseAsync(connection, transaction, tenant, agentKeys, NewPseudonym(), cancellationToken)).Count;

    /// <summary>
    /// Voids and redacts the person's statements as <see cref="EraseAsync(DbConnection, DbTransaction, string, IReadOnlyCollection{string}, CancellationToken)"/>
    /// does, under the account name <paramref name="pseudonym"/>, and returns the ids of the
    /// changed statements, so the caller can void the same statements in another LRS.
    /// </summary>
    public async Task<PersonErasure> EraseAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        IReadOnlyCollection<string> agentKeys,
        string pseudonym,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(agentKeys);
        ArgumentException.ThrowIfNullOrWhiteSpace(pseudonym);
        var rows = (await connection.QueryAsync<StatementJsonRow>(_database.Command(
            SelectIndexed, new { tenant, kind = (int)IndexKind.Agent, hashes = Hashes(agentKeys) }, cancellationToken, transaction))).AsList();
        var keys = agentKeys.ToHashSet(StringComparer.Ordinal);
        var voidable = new List<Guid>(rows.Count);

        foreach (var row in rows)
        {
            var statement = JsonNode.Parse(row.StatementJson)!.AsObject();
            if (VoidableId(statement) is { } id)
            {
                voidable.Add(id);
            }

            Redact(statement, keys, pseudonym);
            var json = LrsJson.Write(statement);
            await connection.ExecuteAsync(_database.Command(UpdateStatement, new { tenant, seq = row.Seq, json }, cancellationToken, transaction));

            // The old key rows name the person's identifiers, so they are rebuilt from the redacted statement.
            await connection.ExecuteAsync(_database.Command(DeleteKeys, new { seq = row.Seq }, cancellationToken, transaction));
            using var document = JsonDocument.Parse(json);
            var keyRows = StatementIndexer.Index(document.RootElement).Select(entry => (Kind: (int)entry.Kind, ValueHash: LrsJson.Sha256Hex(entry.Value))).ToList();
            var valueIds = new Dictionary<(string Tenant, string ValueHash), long>();
            await new IndexValueIds().ResolveAsync(_database, connection, transaction, tenant, keyRows.Select(key => key.ValueHash), null, valueIds, cancellationToken);
            foreach (var (kind, valueHash) in keyRows)
            {
                await connection.ExecuteAsync(_database.Command(InsertKey, new { valueId = valueIds[(tenant, valueHash)], kind, seq = row.Seq }, cancellationToken, transaction));
            }
        }

        // NOTE: the statement writer caches value ids, so a statement naming the person that is
        // written right after this commit fails once with an error on the deleted id, and the
        // writer then empties its cache.
        await connection.ExecuteAsync(_database.Command(DeleteUnusedValues, new { tenant, hashes = Hashes(agentKeys) }, cancellationToken, transaction));
        return new PersonErasure(rows.Count, voidable);
    }

    /// <summary>Returns a new pseudonymous account name for one erasure, such as <c>erased-3f9a…</c>.</summary>
    public static string NewPseudonym() => "erased-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// Returns whether <paramref name="statement"/> names the person as its actor or agent object
    /// (the agent identifier keys in <paramref name="agentKeys"/>).
    /// </summary>
    internal static bool NamesPerson(JsonObject statement, IReadOnlySet<string> agentKeys) =>
        (statement["actor"] is JsonObject actor && IsPerson(actor, agentKeys))
        || (statement["object"] is JsonObject target && IsPerson(target, agentKeys));

    /// <summary>
    /// Returns the id of <paramref name="statement"/> when another statement may void it: xAPI
    /// 1.0.3 Part 2 section 2.3.2 forbids voiding a voiding statement.
    /// </summary>
    internal static Guid? VoidableId(JsonObject statement)
    {
        var verb = statement["verb"] is JsonObject verbObject && verbObject["id"] is JsonValue verbId ? verbId.ToString() : null;
        if (string.Equals(verb, XapiVerbs.Voided, StringComparison.Ordinal))
        {
            return null;
        }

        return statement["id"] is JsonValue idValue && Guid.TryParse(idValue.ToString(), out var id) ? id : null;
    }

    /// <summary>
    /// Replaces the person's identity in <paramref name="statement"/> by the pseudonymous account
    /// <paramref name="pseudonym"/>, and free-text responses and result extensions by placeholders.
    /// </summary>
    internal static void Redact(JsonObject statement, IReadOnlySet<string> keys, string pseudonym)
    {
        statement["actor"] = PseudonymousAgent(pseudonym);
        if (statement["object"] is JsonObject target && IsPerson(target, keys))
        {
            statement["object"] = PseudonymousAgent(pseudonym);
        }

        if (statement["result"] is JsonObject result)
        {
            if (result.ContainsKey("response"))
            {
                result["response"] = RedactedText;
            }

            result.Remove("extensions");
        }
    }

    private static bool IsPerson(JsonObject agent, IReadOnlySet<string> keys)
    {
        using var document = JsonDocument.Parse(agent.ToJsonString());
        var key = LrsJson.AgentKey(document.RootElement);
        return key is not null && keys.Contains(key);
    }

    private static JsonObject PseudonymousAgent(string pseudonym) => new()
    {
        ["objectType"] = "Agent",
        ["account"] = new JsonObject { ["homePage"] = RedactedHomePage, ["name"] = pseudonym },
    };

    private static string[] Hashes(IReadOnlyCollection<string> agentKeys) =>
        agentKeys.Select(LrsJson.Sha256Hex).ToArray();

    private sealed class StatementJsonRow
    {
        public long Seq { get; set; }

        public string StatementJson { get; set; } = "";
    }
}
