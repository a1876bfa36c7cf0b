using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// Shows awards while a learner page is open. The gamification engine awards points a moment
/// after the step that earned them, usually after the page of that step has loaded. So each
/// learner page carries an empty polite live region and a small script that polls
/// <c>/app/awards/new</c> for about 30 s after the page loads (every action ends in a page load)
/// and fills the region with new awards, which screen readers announce politely. The script is
/// the only script of these pages: the Content Security Policy allows exactly this text by its
/// SHA-256 hash.
/// </summary>
internal static class AwardNoticeScript
{
    /// <summary>The path of the poll.</summary>
    public const string PollPath = "/app/awards/new";

    // Polls 1 s after load, then every 2 s, 15 times in all (about 30 s): the engine's poll
    // interval (Gamification:PollIntervalSeconds) is a few seconds. Text goes in through
    // textContent only, so nothing the server returns is parsed as HTML.
    private const string Script = """
        (function () {
          var region = document.getElementById('award-notices');
          if (!region || !window.fetch) { return; }
          var left = 15;
          function add(parent, tag, text, testId) {
            var element = document.createElement(tag);
            element.textContent = text;
            if (testId) { element.setAttribute('data-testid', testId); }
            parent.appendChild(element);
            return element;
          }
          function show(award) {
            var notice = document.createElement('div');
            notice.className = 'notice success';
            notice.setAttribute('data-testid', 'award-notice');
            if (award.points > 0) {
              var earned = add(notice, 'p', 'You earned ');
              add(earned, 'strong', award.pointsText, 'award-points');
              earned.appendChild(document.createTextNode(': ' + award.reasons + '.'));
            }
            var total = add(notice, 'p', 'You now have ');
            add(total, 'span', award.totalText, 'award-total');
            total.appendChild(document.createTextNode(' and are at '));
            add(total, 'span', award.levelName, 'award-level');
            total.appendChild(document.createTextNode(award.levelSuffix + '.'));
            award.badges.forEach(function (badge) {
              var line = add(notice, 'p', 'New badge: ');
              add(line, 'strong', badge, 'award-badge');
              line.appendChild(document.createTextNode('.'));
            });
            region.replaceChildren(notice);
          }
          function poll() {
            left -= 1;
            fetch('/app/awards/new', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
              .then(function (response) { return response.status === 200 ? response.json() : null; })
              .then(function (award) { if (award) { show(award); } })
              .catch(function () { })
              .then(function () { if (left > 0) { setTimeout(poll, 2000); } });
          }
          setTimeout(poll, 1000);
        })();
        """;

    /// <summary>The CSP source that allows <see cref="Script"/> and nothing else.</summary>
    public static readonly string ScriptHashSource =
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))}'";

    /// <summary>The id of the live region; <see cref="PageLayout"/> adds the script to pages that contain it.</summary>
    public const string RegionId = "award-notices";

    /// <summary>The script element, placed after <c>main</c> so the page's content never contains a script.</summary>
    public static readonly string ScriptElement = $"<script>{Script}</script>\n";

    /// <summary>Returns the live region with <paramref name="noticeHtml"/> (trusted HTML, possibly empty).</summary>
    public static string Region(string noticeHtml) =>
        $"<div id=\"{RegionId}\" role=\"status\" aria-live=\"polite\" data-testid=\"award-live\">{noticeHtml}</div>\n";

    /// <summary>Maps <see cref="PollPath"/>: new awards of the signed-in learner as JSON, 204 when there are none.</summary>
    public static IEndpointRouteBuilder MapAwardNotices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PollPath, PollAsync);
        return endpoints;
    }

    private static async Task<IResult> PollAsync(HttpContext context, SessionAccessor sessions, AwardNotices notices)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in required",
                detail: "No LTI session came with this request. Open the PD activity from your course again.");
        }

        // The session alone names the learner, so no parameter can ask for another person's awards.
        var notice = await notices.TakeNewAsync(session, context.RequestAborted);
        return notice is null ? Results.NoContent() : Results.Json(notice);
    }
}
