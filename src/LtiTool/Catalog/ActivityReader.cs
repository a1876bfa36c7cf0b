using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Reads one activity file: YAML front matter between two <c>---</c> lines, then a Markdown body.
/// Every problem goes into the file's problem list; the result is null when there was any.
/// </summary>
internal sealed class ActivityReader
{
    private const int MaxQuestions = 50;
    private const int MaxOptions = 8;

    private static readonly string[] KindNames = ["read", "watch", "quiz", "reflect", "evidence"];

    private readonly SafeHtml _safeHtml;

    public ActivityReader(SafeHtml safeHtml)
    {
        _safeHtml = safeHtml;
    }

    public CatalogActivity? Read(string text, CatalogProblemList problems)
    {
        var before = problems.Count;
        if (!TrySplitFrontMatter(text, out var frontMatter, out var body))
        {
            problems.Add("(front matter)", "is missing; start the file with a line '---', the activity's fields, and another line '---'.");
            return null;
        }

        var fields = ParseMapping(frontMatter, problems);
        if (fields is null)
        {
            return null;
        }

        var id = fields.Id("id");
        var title = fields.String("title", required: true, maxLength: 200);
        var kind = ReadKind(fields);
        var required = fields.Bool("required", required: true);
        var points = fields.Int("points", required: true, min: 0, max: 1000);
        var minutes = fields.Int("minutes", required: true, min: 1, max: 600);

        VideoSource? video = null;
        QuizSpec? quiz = null;
        ReflectionSpec? reflection = null;
        EvidenceSpec? evidence = null;
        switch (kind)
        {
            case ActivityKind.Watch:
                video = ReadVideo(fields);
                break;
            case ActivityKind.Quiz:
                quiz = ReadQuiz(fields);
                break;
            case ActivityKind.Reflect:
                reflection = ReadReflection(fields);
                break;
            case ActivityKind.Evidence:
                evidence = ReadEvidence(fields);
                break;
            case ActivityKind.Read:
            case null:
                break;
        }

        // A read or watch activity is its body; the other kinds may add an introduction.
        if (kind is ActivityKind.Read or ActivityKind.Watch && string.IsNullOrWhiteSpace(body))
        {
            problems.Add("(body)", "is empty; a read or watch activity needs Markdown text after the front matter.");
        }

        fields.ReportUnknownFields();
        if (problems.Count > before)
        {
            return null;
        }

        return new CatalogActivity
        {
            Id = id!,
            Title = title!,
            Kind = kind!.Value,
            IsRequired = required!.Value,
            Points = points!.Value,
            EstimatedMinutes = minutes!.Value,
            BodyHtml = _safeHtml.FromMarkdown(body),
            SourceFile = problems.File,
            Video = video,
            Quiz = quiz,
            Reflection = reflection,
            Evidence = evidence,
        };
    }

    /// <summary>Parses YAML text whose root must be a mapping; records syntax errors with their line.</summary>
    public static YamlObject? ParseMapping(string yaml, CatalogProblemList problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            problems.Add("(file)", $"is not valid YAML at line {exception.Start.Line}, column {exception.Start.Column}: {exception.Message}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add("(file)", "must contain a mapping of fields (name: value) at its top level.");
            return null;
        }

        return new YamlObject(root, string.Empty, problems);
    }

    private static bool TrySplitFrontMatter(string text, out string frontMatter, out string body)
    {
        frontMatter = string.Empty;
        body = string.Empty;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return false;
        }

        for (var index = 1; index < lines.Length; index++)
        {
            if (lines[index].TrimEnd() is "---" or "...")
            {
                frontMatter = string.Join('\n', lines[1..index]);
                body = string.Join('\n', lines[(index + 1)..]);
                return true;
            }
        }

        return false;
    }

    private static ActivityKind? ReadKind(YamlObject fields)
    {
        var name = fields.String("kind", required: true, maxLength: 20);
        if (name is null)
        {
            return null;
        }

        var index = Array.IndexOf(KindNames, name);
        if (index < 0)
        {
            fields.Problem("kind", $"'{name}' is not an activity kind; use one of {string.Join(", ", KindNames)}.");
            return null;
        }

        return (ActivityKind)index;
    }

    private static VideoSource? ReadVideo(YamlObject fields)
    {
        var video = fields.Object("video", required: true);
        if (video is null)
        {
            return null;
        }

        var slot = video.Has("slot") ? video.Id("slot") : null;
        var url = video.Has("url") ? ReadHttpsUrl(video, "url") : null;
        var captions = video.Has("captions") ? ReadHttpsUrl(video, "captions") : null;
        video.ReportUnknownFields();

        if (video.Has("slot") == video.Has("url"))
        {
            fields.Problem("video", "must have either 'slot' (a video the district configures) or 'url' with 'captions', not both and not neither.");
            return null;
        }

        if (video.Has("url") && !video.Has("captions"))
        {
            video.Problem("captions", "is missing; a video given by URL needs the HTTPS URL of its captions or transcript.");
            return null;
        }

        if (video.Has("slot") && video.Has("captions"))
        {
            video.Problem("captions", "belongs in the district's configuration of the slot, not beside 'slot'.");
            return null;
        }

        return new VideoSource { Slot = slot, EmbedUrl = url, CaptionsUrl = captions };
    }

    private static Uri? ReadHttpsUrl(YamlObject fields, string key)
    {
        var text = fields.String(key, required: true, maxLength: 2000);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            fields.Problem(key, $"'{text}' is not an absolute HTTPS URL.");
            return null;
        }

        return url;
    }

    private static QuizSpec? ReadQuiz(YamlObject fields)
    {
        var mastery = fields.Int("masteryPercent", required: true, min: 1, max: 100);
        var questionFields = fields.Objects("questions", required: true);
        if (questionFields is null)
        {
            return null;
        }

        if (questionFields.Count > MaxQuestions)
        {
            fields.Problem("questions", $"has {questionFields.Count} questions; the maximum is {MaxQuestions}.");
        }

        var questions = new List<QuizQuestion>();
        foreach (var question in questionFields)
        {
            var read = ReadQuestion(question);
            if (read is not null)
            {
                questions.Add(read);
            }
        }

        ReportDuplicateIds(fields, "questions", questions.Select(question => question.Id));
        return mastery is null || questions.Count != questionFields.Count ? null : new QuizSpec(mastery.Value, questions);
    }

    private static QuizQuestion? ReadQuestion(YamlObject question)
    {
        var id = question.Id("id");
        var prompt = question.String("prompt", required: true, maxLength: 1000);
        var optionFields = question.Objects("options", required: true);
        question.ReportUnknownFields();
        if (optionFields is null)
        {
            return null;
        }

        var options = new List<QuizOption>();
        foreach (var option in optionFields)
        {
            var optionId = option.Id("id");
            var text = option.String("text", required: true, maxLength: 500);
            var correct = option.Bool("correct", required: false) ?? false;
            var feedback = option.String("feedback", required: true, maxLength: 1000);
            option.ReportUnknownFields();
            if (optionId is not null && text is not null && feedback is not null)
            {
                options.Add(new QuizOption(optionId, text, correct, feedback));
            }
        }

        if (optionFields.Count is < 2 or > MaxOptions)
        {
            question.Problem("options", $"has {optionFields.Count} options; a question needs from 2 to {MaxOptions}.");
            return null;
        }

        var correctCount = options.Count(option => option.IsCorrect);
        if (options.Count == optionFields.Count && correctCount != 1)
        {
            question.Problem("options", $"has {correctCount} options marked 'correct: true'; mark exactly one.");
            return null;
        }

        ReportDuplicateIds(question, "options", options.Select(option => option.Id));
        return id is null || prompt is null || options.Count != optionFields.Count ? null : new QuizQuestion(id, prompt, options);
    }

    private static ReflectionSpec? ReadReflection(YamlObject fields)
    {
        var prompt = fields.String("prompt", required: true, maxLength: 1000);
        var minLength = fields.Int("minLength", required: true, min: 1, max: 5000);
        var maxLength = fields.Int("maxLength", required: false, min: 1, max: 20000) ?? ReflectionDefaults.MaxLength;
        if (minLength is not null && maxLength < minLength)
        {
            fields.Problem("maxLength", $"{maxLength} is below minLength {minLength}; raise maxLength or lower minLength.");
            return null;
        }

        return prompt is null || minLength is null ? null : new ReflectionSpec(prompt, minLength.Value, maxLength);
    }

    private static EvidenceSpec? ReadEvidence(YamlObject fields)
    {
        var prompt = fields.String("prompt", required: true, maxLength: 2000);
        var accepts = ReadFormats(fields);
        var rubricFields = fields.Object("rubric", required: true);
        var rubric = rubricFields is null ? null : RubricReader.Read(rubricFields);
        return prompt is null || accepts is null || rubric is null ? null : new EvidenceSpec(prompt, accepts, rubric);
    }

    private static List<EvidenceFormat>? ReadFormats(YamlObject fields)
    {
        var names = fields.Strings("accepts", required: true, maxLength: 20);
        if (names is null)
        {
            return null;
        }

        var formats = new List<EvidenceFormat>();
        foreach (var name in names)
        {
            EvidenceFormat? format = name switch
            {
                "text" => EvidenceFormat.Text,
                "link" => EvidenceFormat.Link,
                "file" => EvidenceFormat.File,
                _ => null,
            };
            if (format is null)
            {
                fields.Problem("accepts", $"'{name}' is not an evidence form; use text, link or file.");
                return null;
            }

            if (formats.Contains(format.Value))
            {
                fields.Problem("accepts", $"names '{name}' twice.");
                return null;
            }

            formats.Add(format.Value);
        }

        return formats;
    }

    internal static void ReportDuplicateIds(YamlObject fields, string key, IEnumerable<string> ids)
    {
        foreach (var duplicate in ids.GroupBy(id => id, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            fields.Problem(key, $"use the id '{duplicate.Key}' {duplicate.Count()} times; ids must be unique.");
        }
    }
}
