using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The learner's evidence submission (a multipart form post) and the download of evidence files.
/// A file is served only to its owner and to PD leaders of the same registration, always as an
/// attachment that the browser may not sniff, render or run.
/// </summary>
internal sealed partial class EvidencePageHandler
{
    // Room for the form's other fields and the multipart boundaries on top of the file limit.
    private const long FormOverheadBytes = 256 * 1024;

    private const string DownloadContentSecurityPolicy = "default-src 'none'; sandbox";

    private readonly SessionAccessor _sessions;
    private readonly ModuleCatalog _catalog;
    private readonly LearnerPageHandler _pages;
    private readonly EvidenceService _service;
    private readonly EvidenceRepository _repository;
    private readonly EvidenceFileStore _files;
    private readonly EvidenceOptions _options;
    private readonly ILogger<EvidencePageHandler> _logger;

    public EvidencePageHandler(
        SessionAccessor sessions,
        ModuleCatalog catalog,
        LearnerPageHandler pages,
        EvidenceService service,
        EvidenceRepository repository,
        EvidenceFileStore files,
        IOptions<EvidenceOptions> options,
        ILogger<EvidencePageHandler> logger)
    {
        _sessions = sessions;
        _catalog = catalog;
        _pages = pages;
        _service = service;
        _repository = repository;
        _files = files;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<IResult> SubmitAsync(HttpContext context, string moduleId, string activityId)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var (form, tooLarge) = await ReadFormAsync(context);
        if (form is null)
        {
            return LearnerPageResults.FormUnreadable(context);
        }

        if (tooLarge)
        {
            return PageLayout.Result(context, PageLayout.Render("File too large",
                $"<p data-testid=\"error\">The upload is larger than the {EvidenceFileName.Size(_options.MaxFileBytes)} limit. Go back, choose a smaller file or share it as a link.</p>"),
                StatusCodes.Status413PayloadTooLarge);
        }

        if (!CsrfCheck.IsValid(session, form))
        {
            Log.CsrfRejected(_logger, session.RegistrationId, context.Request.Path.Value);
            return LearnerPageResults.CsrfRejected(context);
        }

        var module = _catalog.Find(moduleId);
        var activity = module?.FindActivity(activityId);
        if (module is null || activity is null)
        {
            return LearnerPageResults.NotFound(context, "This activity is not in the catalog. It may have been renamed or removed.");
        }

        if (activity.Kind != ActivityKind.Evidence)
        {
            return LearnerPageResults.WrongForm(context, activity);
        }

        var accepts = activity.Evidence!.Accepts;
        var text = accepts.Contains(EvidenceFormat.Text) ? EvidenceInput.CleanText(form["text"].ToString()) : null;
        var rawLink = accepts.Contains(EvidenceFormat.Link) ? form["link"].ToString() : null;
        var upload = accepts.Contains(EvidenceFormat.File) ? form.Files.GetFile("file") : null;
        var state = new ActivityPageState { EvidenceTextDraft = text, EvidenceLinkDraft = rawLink };

        var (link, linkProblem) = EvidenceInput.CheckLink(rawLink);
        var problem = linkProblem
            ?? (text?.Length > _options.MaxTextLength
                ? $"The written evidence is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {_options.MaxTextLength.ToString("N0", CultureInfo.InvariantCulture)} are accepted. Shorten it or attach it as a file."
                : null)
            ?? (text is null && link is null && upload is not { Length: > 0 }
                ? "Add your evidence before you submit: write it, give a link or choose a file."
                : null);
        if (problem is not null)
        {
            return await _pages.RenderActivityAsync(context, session, module, activity, state with { Error = problem }, StatusCodes.Status400BadRequest);
        }

        // NOTE: a crash between storing the file and committing its row leaves a file no row
        // names; nothing sweeps the evidence folder for such files yet.
        StoredEvidenceFile? file = null;
        if (upload is { Length: > 0 })
        {
            var (stored, fileProblem) = await _files.SaveAsync(upload, context.RequestAborted);
            if (stored is null)
            {
                return await _pages.RenderActivityAsync(context, session, module, activity, state with { Error = fileProblem }, StatusCodes.Status400BadRequest);
            }

            file = stored;
        }

        EvidenceError? error;
        try
        {
            error = await _service.SubmitAsync(session, module, activity, new EvidenceDraft(text, link, file), context.RequestAborted);
        }
        catch
        {
            DeleteQuietly(file);
            throw;
        }

        if (error is not null)
        {
            DeleteQuietly(file);
            return await _pages.RenderActivityAsync(context, session, module, activity, state with { Error = error.Message }, StatusCodes.Status409Conflict);
        }

        return new SeeOtherResult(LearnerText.ActivityUrl(module, activity));
    }

    public async Task<IResult> DownloadAsync(HttpContext context, string submissionId, int revision)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        // The registration filter comes first: a guessed id of another registration reads as missing.
        var submission = await _repository.FindAsync(session.RegistrationId, submissionId, context.RequestAborted);
        var isAllowed = submission is not null && (submission.UserRef == session.UserId || session.Role >= PdRole.Instructor);
        var file = isAllowed ? submission!.Revisions.FirstOrDefault(candidate => candidate.Revision == revision)?.File : null;
        var stream = file is null ? null : _files.Open(file.Key);
        if (file is null || stream is null)
        {
            return LearnerPageResults.NotFound(context, "This evidence file was not found, or you may not open it.");
        }

        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = DownloadContentSecurityPolicy;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.Name);
        context.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Stream(stream, file.ContentType);
    }

    /// <summary>
    /// Reads the form with the request body capped at the upload limit plus the form's overhead.
    /// The form is null when the body is malformed or ended early.
    /// </summary>
    private async Task<(IFormCollection? Form, bool TooLarge)> ReadFormAsync(HttpContext context)
    {
        var limit = _options.MaxFileBytes + FormOverheadBytes;
        if (context.Request.ContentLength > limit)
        {
            return (FormCollection.Empty, true);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (!context.Request.HasFormContentType)
        {
            return (FormCollection.Empty, false);
        }

        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        try
        {
            return (await context.Request.ReadFormAsync(context.RequestAborted), false);
        }
        catch (Exception exception) when (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || (exception is InvalidDataException && exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)))
        {
            return (FormCollection.Empty, true);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // A multipart body without a boundary, or one cut off before its last part. BadHttpRequestException
            // is an IOException, so a body that ended early lands here too.
            Log.FormUnreadable(_logger, context.Request.Path.Value, exception.Message);
            return (null, false);
        }
    }

    private void DeleteQuietly(StoredEvidenceFile? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            _files.Delete(file.Key);
        }
        catch (IOException exception)
        {
            Log.FileNotDeleted(_logger, file.Key, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1709, EventName = "EvidenceFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected an evidence form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);

        [LoggerMessage(EventId = 1710, EventName = "EvidenceFileNotDeleted", Level = LogLevel.Warning,
            Message = "Evidence file {FileKey} of a submission that was not recorded could not be deleted; remove it from the evidence folder")]
        public static partial void FileNotDeleted(ILogger logger, string fileKey, Exception exception);

        [LoggerMessage(EventId = 1101, EventName = "EvidenceFormUnreadable", Level = LogLevel.Information,
            Message = "Rejected an evidence form post to {Path} that could not be read: {Reason}")]
        public static partial void FormUnreadable(ILogger logger, string? path, string reason);
    }
}
