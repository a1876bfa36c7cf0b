using System.Text.Json;
using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Profile;

/// <summary>
/// Builds the statements of the LtiPd PD profile (docs/xapi-profile.md), one method per event.
/// Every statement gets a deterministic id from the event name, district and the caller's event
/// id, the learner's LTI account as actor, the course structure as context activities and the
/// LTI ids as context extensions.
/// </summary>
public sealed partial class PdStatements
{
    /// <summary>
    /// The maximum length in characters (UTF-16 code units) of a learner's text sent as
    /// <c>result.response</c>: 4,000. A longer text is cut there, never inside a surrogate pair.
    /// </summary>
    public const int MaxResponseLength = 4000;

    private readonly PdStatementsOptions _options;
    private readonly string _base;

    /// <summary>Creates a builder for one district's settings.</summary>
    public PdStatements(PdStatementsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ActivityBaseIri.IsAbsoluteUri)
        {
            throw new ArgumentException($"ActivityBaseIri '{options.ActivityBaseIri}' is not absolute; use the public URL of LtiPd, such as https://pd.district.example/.", nameof(options));
        }

        _options = options;
        _base = options.ActivityBaseIri.ToString().TrimEnd('/');
    }

    /// <summary>
    /// Returns the registration of a learner's enrollment: a version 5 UUID of the district,
    /// platform, LTI context and user, so every node derives the same value.
    /// </summary>
    public static Guid RegistrationFor(string districtId, PdPerson learner, string ltiContextId)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return StatementIds.ForPdEvent($"registration\n{districtId}\n{learner.PlatformIssuer}\n{ltiContextId}\n{learner.Subject}");
    }

    /// <summary>Returns the id of the statement that <see cref="SubmittedEvidence"/> builds for <paramref name="eventId"/>.</summary>
    public static Guid SubmittedEvidenceId(string districtId, string eventId) => EventStatementId("submitted", districtId, eventId);

    /// <summary>The learner launched the context's module (or its course when there is no module).</summary>
    public Statement Launched(string eventId, PdPerson learner, PdEventContext context)
    {
        var target = context.ModuleId is not null ? ModuleActivity(context) : CourseActivity(context);
        return Build("launched", eventId, learner, new Verb(PdProfile.Verbs.Launched, "launched"), target, context, result: null, parent: context.ModuleId is not null ? CourseActivity(context) : null);
    }

    /// <summary>The learner viewed or read a content item of the context's module.</summary>
    public Statement Experienced(string eventId, PdPerson learner, PdEventContext context, string itemId, string itemName, TimeSpan? duration = null)
    {
        var item = Activity($"items/{Segment(itemId)}", PdProfile.ActivityTypes.Lesson, itemName);
        var result = duration is null ? null : new Result { Duration = FormatDuration(duration) };
        return Build("experienced", eventId, learner, new Verb(PdProfile.Verbs.Experienced, "experienced"), item, context, result, ParentOfItem(context));
    }

    /// <summary>The learner answered a question of the context's module.</summary>
    public Statement Answered(string eventId, PdPerson learner, PdEventContext context, PdQuestion question, PdAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var activity = Activity($"questions/{Segment(question.Id)}", PdProfile.ActivityTypes.Question, name: null);
        activity.Definition!.Description = English(question.Prompt);
        activity.Definition.InteractionType = question.InteractionType;
        activity.Definition.CorrectResponsesPattern = question.CorrectResponses?.ToList();
        activity.Definition.Choices = question.Choices?
            .Select(choice => new InteractionComponent { Id = choice.Key, Description = English(choice.Value) })
            .ToList();
        var result = new Result
        {
            Response = answer.Response,
            Success = answer.Success,
            Score = answer.Score,
            Duration = FormatDuration(answer.Duration),
        };
        return Build("answered", eventId, learner, new Verb(PdProfile.Verbs.Answered, "answered"), activity, context, result, ParentOfItem(context));
    }

    /// <summary>The learner completed the context's module, course or pathway.</summary>
    public Statement Completed(string eventId, PdPerson learner, PdEventContext context, PdCompletionScope scope, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (target, parent) = scope switch
        {
            PdCompletionScope.Module => (ModuleActivity(context), CourseActivity(context)),
            PdCompletionScope.Course => (CourseActivity(context), PathwayActivity(context)),
            PdCompletionScope.Pathway => (PathwayActivity(context) ?? throw new ArgumentException("The context has no PathwayId, so there is no pathway to complete.", nameof(context)), null),
        };
        var result = new Result { Completion = true, Duration = FormatDuration(duration) };
        var eventName = scope switch
        {
            PdCompletionScope.Module => "completed-module",
            PdCompletionScope.Course => "completed-course",
            PdCompletionScope.Pathway => "completed-pathway",
        };
        return Build(eventName, eventId, learner, new Verb(PdProfile.Verbs.Completed, "completed"), target, context, result, parent);
    }

    /// <summary>
    /// The learner passed or failed an assessment of the context's module. The score must carry
    /// <see cref="Score.Scaled"/>; raw, min and max are optional.
    /// </summary>
    public Statement Assessed(string eventId, PdPerson learner, PdEventContext context, string assessmentId, string assessmentName, Score score, bool passed, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (score.Scaled is null)
        {
            throw new ArgumentException("An assessment result needs a scaled score between -1 and 1; set Score.Scaled.", nameof(score));
        }

        var assessment = Activity($"assessments/{Segment(assessmentId)}", PdProfile.ActivityTypes.Assessment, assessmentName);
        var verb = passed ? new Verb(PdProfile.Verbs.Passed, "passed") : new Verb(PdProfile.Verbs.Failed, "failed");
        var result = new Result { Score = score, Success = passed, Completion = true, Duration = FormatDuration(duration) };
        return Build(passed ? "passed" : "failed", eventId, learner, verb, assessment, context, result, ParentOfItem(context));
    }

    /// <summary>
    /// The learner submitted evidence of practice. A file with a URL is attached by reference;
    /// the file itself is never sent to the LRS.
    /// </summary>
    public Statement SubmittedEvidence(string eventId, PdPerson learner, PdEventContext context, PdEvidence evidence, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var result = duration is null ? null : new Result { Duration = FormatDuration(duration) };
        var statement = Build("submitted", eventId, learner, new Verb(PdProfile.Verbs.Submitted, "submitted"), EvidenceActivity(evidence), context, result, ParentOfItem(context));
        if (evidence.File is { } file)
        {
            statement.Attachments =
            [
                new Attachment
                {
                    UsageType = PdProfile.AttachmentUsageTypes.Evidence,
                    Display = English(evidence.Title),
                    ContentType = file.ContentType,
                    Length = file.Length,
                    Sha2 = file.Sha256,
                    FileUrl = file.FileUrl.ToString(),
                },
            ];
        }

        return statement;
    }

    /// <summary>
    /// The learner submitted a reflection of the context's module. The text is
    /// <c>result.response</c>, cut to <see cref="MaxResponseLength"/>, and its whole length is the
    /// <see cref="PdProfile.Extensions.ResponseLength"/> result extension.
    /// </summary>
    public Statement SubmittedReflection(string eventId, PdPerson learner, PdEventContext context, string itemId, string itemName, string response, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var reflection = Activity($"reflections/{Segment(itemId)}", PdProfile.ActivityTypes.Reflection, itemName);
        var result = new Result
        {
            Response = Cut(response, MaxResponseLength),
            Completion = true,
            Duration = FormatDuration(duration),
            Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [PdProfile.Extensions.ResponseLength] = Integer(response.Length),
            },
        };
        return Build("submitted-reflection", eventId, learner, new Verb(PdProfile.Verbs.Submitted, "submitted"), reflection, context, result, ParentOfItem(context));
    }

    /// <summary>
    /// The learner attended a live session of the course. A PD leader records the attendance, and
    /// the learner is the actor, so the points are the learner's.
    /// </summary>
    public Statement AttendedLiveSession(string eventId, PdPerson learner, PdEventContext context, string sessionId, string sessionTitle)
    {
        var session = Activity($"live-sessions/{Segment(sessionId)}", PdProfile.ActivityTypes.LiveSession, sessionTitle);
        return Build("attended", eventId, learner, new Verb(PdProfile.Verbs.Attended, "attended"), session, context, result: null, CourseActivity(context));
    }

    /// <summary>
    /// Builds the statement that voids <paramref name="targetId"/>, with <paramref name="actor"/>
    /// (the person who corrects the record) as actor. xAPI 1.0.3 Data 2.3.2: the object is a
    /// StatementRef, and the context carries no platform, which is only for an Activity object.
    /// The district id extension lets the engine check that the target is of the same district.
    /// </summary>
    public Statement Voided(string eventId, PdPerson actor, PdEventContext context, Guid targetId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(context);
        return new Statement
        {
            Id = EventStatementId("voided", context.DistrictId, eventId),
            Actor = AgentFor(actor),
            Verb = new Verb(XapiVerbs.Voided, "voided"),
            Target = new StatementRef(targetId),
            Context = new Context
            {
                Language = context.Language,
                Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [PdProfile.Extensions.DistrictId] = Text(context.DistrictId) },
            },
            Timestamp = context.Timestamp.ToUniversalTime(),
        };
    }

    private Statement Build(
        string eventName,
        string eventId,
        PdPerson actor,
        Verb verb,
        StatementTarget target,
        PdEventContext context,
        Result? result,
        Activity? parent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(context);
        return new Statement
        {
            Id = EventStatementId(eventName, context.DistrictId, eventId),
            Actor = AgentFor(actor),
            Verb = verb,
            Target = target,
            Result = result,
            Context = BuildContext(context, target, parent),
            Timestamp = context.Timestamp.ToUniversalTime(),
        };
    }

    private static Guid EventStatementId(string eventName, string districtId, string eventId) =>
        StatementIds.ForPdEvent($"{eventName}\n{districtId}\n{eventId}");

    /// <summary>Identifies a person by LTI account, or by email when the district allows it and one is known.</summary>
    private Agent AgentFor(PdPerson person) =>
        _options.IncludeEmail && !string.IsNullOrWhiteSpace(person.Email)
            ? Agent.WithEmail(person.Email)
            : Agent.WithAccount(person.PlatformIssuer, person.Subject);

    private Context BuildContext(PdEventContext context, StatementTarget target, Activity? parent)
    {
        // The course and pathway group every statement, unless one is already the object or parent.
        var targetId = (target as Activity)?.Id;
        var grouping = new[] { CourseActivity(context), PathwayActivity(context) }
            .OfType<Activity>()
            .Where(activity => activity.Id != targetId && activity.Id != parent?.Id)
            .ToList();

        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [PdProfile.Extensions.DistrictId] = Text(context.DistrictId),
        };
        AddExtension(extensions, PdProfile.Extensions.LtiDeploymentId, context.LtiDeploymentId);
        AddExtension(extensions, PdProfile.Extensions.LtiContextId, context.LtiContextId);
        AddExtension(extensions, PdProfile.Extensions.LtiResourceLinkId, context.LtiResourceLinkId);
        AddExtension(extensions, PdProfile.Extensions.School, context.SchoolId);

        return new Context
        {
            Registration = context.Registration,
            ContextActivities = new ContextActivities
            {
                Parent = parent is null ? null : [parent],
                Grouping = grouping.Count == 0 ? null : grouping,
                Category = [new Activity { Id = PdProfile.Iri, Definition = new ActivityDefinition { Type = PdProfile.ActivityTypes.Profile } }],
            },
            Platform = _options.Platform,
            Language = context.Language,
            Extensions = extensions,
        };
    }

    private static void AddExtension(Dictionary<string, JsonElement> extensions, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            extensions[key] = Text(value);
        }
    }

    private Activity CourseActivity(PdEventContext context) =>
        Activity($"courses/{Segment(context.CourseId)}", PdProfile.ActivityTypes.Course, context.CourseName);

    private Activity ModuleActivity(PdEventContext context) => context.ModuleId is { } moduleId
        ? Activity($"modules/{Segment(moduleId)}", PdProfile.ActivityTypes.Module, context.ModuleName)
        : throw new ArgumentException("The event needs a module, but the context has no ModuleId.", nameof(context));

    private Activity? PathwayActivity(PdEventContext context) => context.PathwayId is { } pathwayId
        ? Activity($"pathways/{Segment(pathwayId)}", PdProfile.ActivityTypes.Pathway, context.PathwayName)
        : null;

    /// <summary>Items, questions, assessments and evidence sit in the module, or in the course when there is none.</summary>
    private Activity ParentOfItem(PdEventContext context) =>
        context.ModuleId is not null ? ModuleActivity(context) : CourseActivity(context);

    private Activity EvidenceActivity(PdEvidence evidence) =>
        Activity($"evidence/{Segment(evidence.Id)}", PdProfile.ActivityTypes.Evidence, evidence.Title);

    private Activity Activity(string path, string type, string? name) => new()
    {
        Id = $"{_base}/{path}",
        Definition = new ActivityDefinition { Type = type, Name = name is null ? null : English(name) },
    };

    private static LanguageMap English(string text) => new() { ["en-US"] = text };

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }

    private static string Cut(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        // Cutting between the two halves of a surrogate pair would leave invalid UTF-16.
        var length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..length];
    }

    private static string? FormatDuration(TimeSpan? duration) => duration is { } time ? Result.FormatDuration(time) : null;

    private static JsonElement Integer(int value) => JsonSerializer.SerializeToElement(value, XapiJsonContext.Default.Int32);

    private static JsonElement Text(string value) => JsonSerializer.SerializeToElement(value, XapiJsonContext.Default.String);
}
