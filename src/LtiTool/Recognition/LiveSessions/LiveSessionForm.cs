using System.Globalization;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>
/// The PD leader's attendance form as posted. A rejected post renders it again with what the
/// leader typed and ticked, next to every problem at once.
/// </summary>
/// <param name="Title">The session title, trimmed.</param>
/// <param name="HeldOn">The date field's text, trimmed.</param>
/// <param name="Attendees">The ticked learners' subjects, without blanks or repeats.</param>
internal sealed record LiveSessionForm(string Title, string HeldOn, IReadOnlyList<string> Attendees)
{
    /// <summary>Reads the posted fields <c>title</c>, <c>held_on</c> and every <c>attendee</c>.</summary>
    public static LiveSessionForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var attendees = form["attendee"]
            .Select(value => value ?? "")
            .Where(subject => !string.IsNullOrWhiteSpace(subject))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new LiveSessionForm(form["title"].ToString().Trim(), form["held_on"].ToString().Trim(), attendees);
    }

    /// <summary>
    /// Returns the day the session was held, or every problem of the form, each naming the field,
    /// the value and the fix.
    /// </summary>
    /// <param name="roster">The subjects of the course's learners.</param>
    /// <param name="today">Today in UTC.</param>
    public (DateOnly HeldOn, IReadOnlyList<string> Errors) Validate(IReadOnlySet<string> roster, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var errors = new List<string>();
        if (Title.Length is 0 or > LiveSessionRecorder.MaxTitleLength)
        {
            errors.Add($"Session title: the title has {Title.Length} characters. Enter a title of 1 to {LiveSessionRecorder.MaxTitleLength} characters, such as \"Week 3 coaching call\".");
        }
        else if (Title.Any(char.IsControl))
        {
            errors.Add($"Session title: '{Title}' contains a control character such as a tab. Enter the title on one line without them.");
        }

        var heldOnValid = DateOnly.TryParseExact(HeldOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var heldOn);
        if (!heldOnValid)
        {
            errors.Add($"Date held: '{HeldOn}' is not a date in the form YYYY-MM-DD. Pick the day the session was held with the date field.");
        }
        else if (heldOn > today.AddDays(1) || heldOn < today.AddYears(-1))
        {
            // One day of tolerance covers districts ahead of UTC.
            errors.Add($"Date held: {HeldOn} is in the future or more than a year ago. Record a session on or after the day it is held, within a year.");
        }

        if (Attendees.Count == 0)
        {
            errors.Add("Learners who attended: no learner is ticked. Tick each learner who attended.");
        }
        else if (Attendees.Count > LiveSessionRecorder.MaxAttendees)
        {
            errors.Add($"Learners who attended: {Attendees.Count} learners are more than the {LiveSessionRecorder.MaxAttendees} one form records. Record the session in parts.");
        }
        else
        {
            foreach (var stranger in Attendees.Where(subject => !roster.Contains(subject)))
            {
                errors.Add($"Learners who attended: '{stranger}' is not a learner of this course. Reload the page and tick learners from its list.");
            }
        }

        return (heldOn, errors);
    }
}
