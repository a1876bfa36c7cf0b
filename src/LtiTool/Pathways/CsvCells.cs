using System.Text;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Writes CSV cells (RFC 4180) that spreadsheets will not run as formulas.</summary>
public static class CsvCells
{
    /// <summary>
    /// Returns <paramref name="value"/> as one CSV cell. A value starting with <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, tab or carriage return gets a leading apostrophe, so Excel and Sheets
    /// show it as text instead of evaluating it (the OWASP "CSV injection" advice). Cells with a
    /// comma, quote or line break are quoted, with quotes doubled.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Returns one CSV line (without the line break) of <paramref name="values"/>.</summary>
    public static string Line(params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var line = new StringBuilder();
        for (var index = 0; index < values.Length; index++)
        {
            if (index > 0)
            {
                line.Append(',');
            }

            line.Append(Cell(values[index]));
        }

        return line.ToString();
    }
}
