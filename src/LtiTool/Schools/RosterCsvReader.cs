using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace LtiPd.LtiTool.Schools;

/// <summary>
/// Reads a school roster CSV (RFC 4180, UTF-8, header row first). Required columns:
/// <c>subject</c> (the person's LTI user id, the id_token's <c>sub</c>), <c>school_id</c> and
/// <c>school_name</c> (may be left empty after the first row of a school). Other columns, such as
/// <c>name</c> or <c>email</c> for the admin's own checks, are ignored. Every problem is reported
/// with its line and column, and a file with any problem yields no rows.
/// </summary>
public static class RosterCsvReader
{
    /// <summary>The most data rows one file may hold.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The largest file accepted, in bytes (10 MiB).</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The most problems listed; later ones are summarised in one line.</summary>
    public const int MaxProblems = 200;

    private static readonly string[] RequiredColumns = ["subject", "school_id", "school_name"];

    /// <summary>Reads <paramref name="stream"/>; returns the rows, or the problems when there is any.</summary>
    public static (IReadOnlyList<SchoolRosterRow> Rows, IReadOnlyList<RosterProblem> Problems) Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var problems = new List<RosterProblem>();
        var rows = new List<SchoolRosterRow>();
        var badData = new BadDataWatch();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            DetectColumnCountChanges = false,
            MissingFieldFound = null,

            // By default CsvHelper throws BadDataException on a stray quote. The watch notes the
            // field instead, so the problem can name its line and column.
            BadDataFound = args => badData.Field = args.Field,
        };

        using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(text, configuration);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return ([], [new RosterProblem(1, "file", "The file is empty. The first line must be the header: subject,school_id,school_name.")]);
            }

            var header = csv.HeaderRecord!.Select(column => column.Trim().ToLowerInvariant()).ToList();
            if (badData.Field is { } badHeader)
            {
                return ([], [new RosterProblem(1, "header", StrayQuote("header", badHeader))]);
            }

            foreach (var missing in RequiredColumns.Where(column => !header.Contains(column)))
            {
                problems.Add(new RosterProblem(1, missing, $"The header has no '{missing}' column. The header must name subject, school_id and school_name."));
            }

            if (problems.Count > 0)
            {
                return ([], problems);
            }

            ReadRows(csv, header, badData, rows, problems);
        }
        catch (CsvHelperException)
        {
            var line = csv.Parser.RawRow;
            problems.Add(new RosterProblem(line, "file",
                "The file could not be read as CSV from this line on. Check this line and the ones before it for a quote that is not closed, and put each value that contains a comma in double quotes."));
        }

        return problems.Count > 0 ? ([], Capped(problems)) : (rows, []);
    }

    private static void ReadRows(CsvReader csv, List<string> header, BadDataWatch badData, List<SchoolRosterRow> rows, List<RosterProblem> problems)
    {
        var firstLineOfSubject = new Dictionary<string, int>(StringComparer.Ordinal);
        var schoolNames = new Dictionary<string, (string Name, int Line)>(StringComparer.Ordinal);
        var previousRawRow = csv.Parser.RawRow;
        while (csv.Read())
        {
            var line = previousRawRow + 1;
            previousRawRow = csv.Parser.RawRow;
            if (FindStrayQuote(csv, header, badData) is { } stray)
            {
                problems.Add(new RosterProblem(line, stray.Column, StrayQuote(stray.Column, stray.Field)));
                continue;
            }

            if (csv.Parser.Record is { Length: 1 } only && string.IsNullOrWhiteSpace(only[0]))
            {
                continue;
            }

            if (rows.Count + problems.Count >= MaxRows)
            {
                problems.Add(new RosterProblem(line, "file", $"The file has more than {MaxRows} rows. Split it into several files and import each."));
                return;
            }

            var subject = Field(csv, "subject", line, LaunchSchoolMapping.MaxSchoolIdLength, problems);
            var schoolId = Field(csv, "school_id", line, LaunchSchoolMapping.MaxSchoolIdLength, problems);
            var schoolName = csv.GetField("school_name")?.Trim() ?? string.Empty;
            if (subject is null || schoolId is null)
            {
                continue;
            }

            if (firstLineOfSubject.TryGetValue(subject, out var firstLine))
            {
                problems.Add(new RosterProblem(line, "subject", $"Subject '{subject}' is already on line {firstLine}. List each person once."));
                continue;
            }

            firstLineOfSubject[subject] = line;
            if (!ResolveSchoolName(schoolId, schoolName, line, schoolNames, problems, out var name))
            {
                continue;
            }

            rows.Add(new SchoolRosterRow(line, subject, schoolId, name));
        }
    }

    private static bool ResolveSchoolName(
        string schoolId, string schoolName, int line, Dictionary<string, (string Name, int Line)> schoolNames, List<RosterProblem> problems, out string name)
    {
        name = schoolName;
        if (schoolName.Length > 450 || schoolName.Any(char.IsControl))
        {
            problems.Add(new RosterProblem(line, "school_name", "The school name is longer than 450 characters or contains control characters. Shorten it."));
            return false;
        }

        if (schoolNames.TryGetValue(schoolId, out var known))
        {
            if (schoolName.Length > 0 && !string.Equals(schoolName, known.Name, StringComparison.Ordinal))
            {
                problems.Add(new RosterProblem(line, "school_name", $"School '{schoolId}' is named '{known.Name}' on line {known.Line} but '{schoolName}' here. Use one name per school."));
                return false;
            }

            name = known.Name;
            return true;
        }

        if (schoolName.Length == 0)
        {
            problems.Add(new RosterProblem(line, "school_name", $"School '{schoolId}' has no name. Give its name on its first row."));
            return false;
        }

        schoolNames[schoolId] = (schoolName, line);
        return true;
    }

    private static string? Field(CsvReader csv, string column, int line, int maxLength, List<RosterProblem> problems)
    {
        var value = csv.GetField(column)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            problems.Add(new RosterProblem(line, column, $"The {column} is empty. Every row needs one."));
            return null;
        }

        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            problems.Add(new RosterProblem(line, column, $"The {column} is longer than {maxLength} characters or contains control characters."));
            return null;
        }

        return value;
    }

    // CsvHelper parses a field when it is first read, and only then reports bad data, so reading
    // the fields in order shows which column the stray quote is in.
    private static (string Column, string Field)? FindStrayQuote(CsvReader csv, List<string> header, BadDataWatch badData)
    {
        for (var index = 0; index < csv.Parser.Count; index++)
        {
            badData.Field = null;
            _ = csv.Parser[index];
            if (badData.Field is { } field)
            {
                var column = index < header.Count ? header[index] : string.Create(CultureInfo.InvariantCulture, $"column {index + 1}");
                return (column, field);
            }
        }

        return null;
    }

    private static string StrayQuote(string column, string field) =>
        $"The {column} value '{(field.Length > 60 ? field[..60] + "..." : field)}' has a double quote that does not enclose the whole value. " +
        "Put the whole value in double quotes and write each double quote inside it twice (\"\"), or remove the quote.";

    private static List<RosterProblem> Capped(List<RosterProblem> problems)
    {
        if (problems.Count <= MaxProblems)
        {
            return problems;
        }

        var capped = problems.Take(MaxProblems).ToList();
        capped.Add(new RosterProblem(problems[MaxProblems].Line, "file", $"{problems.Count - MaxProblems} more problems are not listed. Fix these and import again."));
        return capped;
    }

    // The field CsvHelper last reported as bad data, or null.
    private sealed class BadDataWatch
    {
        public string? Field { get; set; }
    }
}
