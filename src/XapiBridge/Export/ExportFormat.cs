namespace LtiPd.XapiBridge.Export;

/// <summary>The file formats of a statement export.</summary>
public enum ExportFormat
{
    /// <summary>Newline-delimited JSON: one stored statement per line, exactly as the LRS keeps it.</summary>
    Ndjson,

    /// <summary>Comma-separated values with one flattened row per statement (<see cref="StatementCsvColumns"/>).</summary>
    Csv,
}
