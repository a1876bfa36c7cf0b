using System.Text.Json;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Export;

/// <summary>
/// Writes a district's statements as NDJSON or CSV while it reads them, one statement at a
/// time, for the export endpoint and the <c>export statements</c> command.
/// </summary>
public sealed class StatementExporter
{
    private readonly StatementExportReader _reader;

    /// <summary>Creates an exporter over <paramref name="database"/>.</summary>
    public StatementExporter(Database database)
    {
        _reader = new StatementExportReader(database);
    }

    /// <summary>The media type of <paramref name="format"/>.</summary>
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Ndjson => "application/x-ndjson; charset=utf-8",
        ExportFormat.Csv => "text/csv; charset=utf-8",
    };

    /// <summary>The file name extension of <paramref name="format"/>, without the dot.</summary>
    public static string FileExtension(ExportFormat format) => format switch
    {
        ExportFormat.Ndjson => "ndjson",
        ExportFormat.Csv => "csv",
    };

    /// <summary>
    /// Writes the statements of <paramref name="tenant"/> that <paramref name="request"/> selects
    /// to <paramref name="writer"/> in stored order, and returns how many it wrote. A CSV export
    /// starts with the header row even when no statement matches.
    /// </summary>
    public async Task<long> ExportAsync(string tenant, StatementExportRequest request, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        if (request.Format == ExportFormat.Csv)
        {
            await CsvText.WriteRecordAsync(writer, StatementCsvColumns.Names, cancellationToken);
        }

        long count = 0;
        await foreach (var json in _reader.ReadAsync(tenant, request.Filter, cancellationToken))
        {
            switch (request.Format)
            {
                case ExportFormat.Ndjson:
                    // Stored statements are written without indentation, so each stays on one line.
                    await writer.WriteAsync(json.AsMemory(), cancellationToken);
                    await writer.WriteAsync('\n');
                    break;
                case ExportFormat.Csv:
                    using (var document = JsonDocument.Parse(json))
                    {
                        await CsvText.WriteRecordAsync(writer, StatementCsvColumns.Flatten(document.RootElement), cancellationToken);
                    }

                    break;
            }

            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }
}
