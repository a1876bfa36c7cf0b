using Dapper;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Documents;

/// <summary>
/// Reads and writes state and profile documents. A document is addressed by the hash of its
/// scope (kind, activity, agent, registration) and its id, so long IRIs index in every engine.
/// </summary>
internal sealed class DocumentRepository
{
    private const string Columns =
        "document_id AS DocumentId, content_type AS ContentType, content AS Content, etag AS Etag, updated_at_ms AS UpdatedAtMs";

    private static readonly SqlText Select = SqlText.Portable(
        $"SELECT {Columns} FROM lrs_documents WHERE tenant = @tenant AND document_hash = @documentHash");

    private static readonly SqlText SelectIds = SqlText.Portable(
        "SELECT document_id FROM lrs_documents WHERE tenant = @tenant AND scope_hash = @scopeHash AND updated_at_ms > @sinceMs ORDER BY updated_at_ms, document_id");

    private static readonly SqlText Insert = SqlText.Portable(
        "INSERT INTO lrs_documents (tenant, document_hash, scope_hash, kind, document_id, content_type, content, etag, updated_at_ms) VALUES (@tenant, @documentHash, @scopeHash, @kind, @documentId, @contentType, @content, @etag, @updatedAtMs)");

    private static readonly SqlText Update = SqlText.Portable(
        "UPDATE lrs_documents SET content_type = @contentType, content = @content, etag = @etag, updated_at_ms = @updatedAtMs WHERE tenant = @tenant AND document_hash = @documentHash AND etag = @expectedEtag");

    private static readonly SqlText Delete = SqlText.Portable(
        "DELETE FROM lrs_documents WHERE tenant = @tenant AND document_hash = @documentHash");

    private static readonly SqlText DeleteScope = SqlText.Portable(
        "DELETE FROM lrs_documents WHERE tenant = @tenant AND scope_hash = @scopeHash");

    private readonly Database _database;

    public DocumentRepository(Database database)
    {
        _database = database;
    }

    public async Task<StoredDocument?> FindAsync(string tenant, string documentHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredDocument>(_database.Command(Select, new { tenant, documentHash }, cancellationToken));
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(string tenant, string scopeHash, long sinceMs, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(_database.Command(SelectIds, new { tenant, scopeHash, sinceMs }, cancellationToken));
        return ids.AsList();
    }

    /// <summary>
    /// Inserts the document, or replaces it when its stored ETag is still
    /// <paramref name="expectedEtag"/>. Returns false when another writer changed or created it
    /// first, so the caller can return 412 instead of overwriting a change it never saw.
    /// </summary>
    public async Task<bool> SaveAsync(
        string tenant, string documentHash, string scopeHash, DocumentKind kind, string documentId, string contentType,
        byte[] content, string etag, long updatedAtMs, string? expectedEtag, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            tenant, documentHash, scopeHash, kind = (int)kind, documentId, contentType, content, etag, updatedAtMs, expectedEtag,
        };
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (expectedEtag is not null)
        {
            return await connection.ExecuteAsync(_database.Command(Update, parameters, cancellationToken)) == 1;
        }

        try
        {
            await connection.ExecuteAsync(_database.Command(Insert, parameters, cancellationToken));
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            // The primary key rejected a second insert of the same document.
            return false;
        }
    }

    public async Task DeleteAsync(string tenant, string documentHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(Delete, new { tenant, documentHash }, cancellationToken));
    }

    public async Task DeleteScopeAsync(string tenant, string scopeHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(DeleteScope, new { tenant, scopeHash }, cancellationToken));
    }
}
