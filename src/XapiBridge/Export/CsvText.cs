using System.Buffers;
using System.Globalization;

namespace LtiPd.XapiBridge.Export;

/// <summary>Writes CSV fields (RFC 4180) that spreadsheet programs will not run as formulas.</summary>
public static class CsvText
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> QuotedCharacters = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Returns <paramref name="value"/> as one CSV field. A text that a spreadsheet would read as
    /// a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
    /// return) gets a leading apostrophe, so Excel, LibreOffice and Google Sheets show it as
    /// text (OWASP, "CSV Injection"). Numbers such as <c>-0.5</c> are left as they are. A field
    /// with a comma, quote or line break is quoted, with inner quotes doubled.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value;
        if (FormulaStarts.Contains(text[0]) && !IsNumber(text))
        {
            text = "'" + text;
        }

        if (!text.AsSpan().ContainsAny(QuotedCharacters))
        {
            return text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Writes one CSV record of <paramref name="values"/>, ended by CRLF as RFC 4180 requires.</summary>
    public static async Task WriteRecordAsync(TextWriter writer, IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }

            await writer.WriteAsync(Field(values[i]).AsMemory(), cancellationToken);
        }

        await writer.WriteAsync("\r\n".AsMemory(), cancellationToken);
    }

    private static bool IsNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
}
