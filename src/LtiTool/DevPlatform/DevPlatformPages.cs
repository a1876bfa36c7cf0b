using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's pages: the course page that frames the tool, the launch page that starts
/// the third-party initiated login, and the grades page.
/// </summary>
internal static class DevPlatformPages
{
    /// <summary>The name of the iframe the tool is launched into.</summary>
    public const string FrameName = "lti-tool";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("", RenderCourseAsync);
        group.MapGet("/launch", LaunchAsync);
        group.MapGet("/grades", RenderGradesAsync);
    }

    private static async Task<IResult> RenderCourseAsync(HttpContext httpContext, DevPlatformSite site, DevPlacementStore placements)
    {
        var links = await placements.ListAsync(httpContext.RequestAborted);
        var selected = links.FirstOrDefault(link => link.Id == httpContext.Request.Query["link"]) ?? links[0];
        var html = new StringBuilder();
        html.Append("<main><nav class=\"course\">")
            .Append(CultureInfo.InvariantCulture, $"<h1>{DevHtml.Encode(SandboxCourse.Title)}</h1>")
            .Append("<h2>Placement</h2><ul>");
        foreach (var link in links)
        {
            var css = link == selected ? " class=\"selected\"" : "";
            html.Append(CultureInfo.InvariantCulture, $"<li><a{css} data-testid=\"link-{DevHtml.Encode(link.Id)}\" href=\"/devlms?link={Uri.EscapeDataString(link.Id)}\">{DevHtml.Encode(link.Title)}</a></li>");
        }

        html.Append("</ul><h2>People</h2><p>Click a person to launch the selected placement as them.</p><ul>");
        foreach (var person in SandboxCourse.People)
        {
            var href = $"/devlms/launch?person={Uri.EscapeDataString(person.Id)}&link={Uri.EscapeDataString(selected.Id)}";
            html.Append(CultureInfo.InvariantCulture, $"<li><a data-testid=\"person-{DevHtml.Encode(person.Id)}\" href=\"{DevHtml.Encode(href)}\" target=\"{FrameName}\">{DevHtml.Encode(person.Name)}</a>")
                .Append(CultureInfo.InvariantCulture, $"<br><small>{DevHtml.Encode(person.Description)}</small></li>");
        }

        var toolOrigin = site.CrossSiteToolOrigin(httpContext.Request.Host.Host);
        html.Append("</ul>")
            .Append(CultureInfo.InvariantCulture, $"<p><small>Issuer {DevHtml.Encode(site.Issuer)}; the tool is framed at {DevHtml.Encode(toolOrigin)}.</small></p>")
            .Append(CultureInfo.InvariantCulture, $"</nav><iframe name=\"{FrameName}\" title=\"LtiPd\" src=\"about:blank\"></iframe></main>");

        // ?storage=off leaves the page without platform storage, as an LMS that does not offer it.
        if (httpContext.Request.Query["storage"] != "off")
        {
            html.Append("<script>").Append(PlatformStorageListener).Append("</script>");
        }

        return DevHtml.Page(SandboxCourse.Title, html.ToString());
    }

    /// <summary>
    /// The platform side of LTI Platform Storage: responds to lti.capabilities, lti.put_data and
    /// lti.get_data (and their org.imsglobal.* forms) from the tool's frame, keeping values per
    /// sender origin for as long as the course page is open, and replying to that origin only.
    /// </summary>
    private const string PlatformStorageListener = """
        (function () {
          var store = {};
          var names = ['lti.capabilities', 'lti.put_data', 'lti.get_data'];
          window.addEventListener('message', function (event) {
            var data = event.data || {};
            var subject = typeof data.subject === 'string' ? data.subject : '';
            var prefix = subject.indexOf('org.imsglobal.') === 0 ? 'org.imsglobal.' : '';
            var name = subject.slice(prefix.length);
            if (names.indexOf(name) < 0 || !event.source) { return; }
            var reply = { subject: subject + '.response', message_id: data.message_id };
            if (name === 'lti.capabilities') {
              reply.supported_messages = names.map(function (entry) { return { subject: prefix + entry }; });
            } else if (typeof data.key !== 'string' || data.key === '') {
              reply.error = { code: 'bad_request', message: 'The key is missing.' };
            } else {
              var key = event.origin + ' ' + data.key;
              if (name === 'lti.put_data') { store[key] = data.value; }
              if (Object.prototype.hasOwnProperty.call(store, key)) { reply.key = data.key; reply.value = store[key]; }
              else { reply.error = { code: 'bad_request', message: 'No value is stored for this key.' }; }
            }
            event.source.postMessage(reply, event.origin);
          });
        })();
        """;

    /// <summary>
    /// Renders, inside the iframe, a form that posts the third-party initiated login (LTI 1.3
    /// Security Framework section 5.1.1.1) to the tool on the other loopback host, as Canvas does.
    /// </summary>
    private static async Task<IResult> LaunchAsync(
        HttpContext httpContext, DevPlatformSite site, DevLaunchHints hints, DevPlacementStore placements, IOptionsMonitor<DevPlatformOptions> options)
    {
        var person = SandboxCourse.FindPerson(httpContext.Request.Query["person"]);
        var link = await placements.FindAsync(httpContext.Request.Query["link"], httpContext.RequestAborted);
        if (person is null || link is null)
        {
            return DevHtml.Page("Unknown launch", "<main><p>Pick a person and a placement on the course page.</p></main>", StatusCodes.Status404NotFound);
        }

        var toolOrigin = site.CrossSiteToolOrigin(httpContext.Request.Host.Host);
        return DevHtml.AutoPost(toolOrigin + "/lti/login", new Dictionary<string, string?>
        {
            ["iss"] = site.Issuer,
            ["login_hint"] = person.Id,
            ["target_link_uri"] = toolOrigin + link.ToolPath,
            ["lti_message_hint"] = hints.CreateMessageHint(person, link),
            ["client_id"] = options.CurrentValue.ClientId,
            ["lti_deployment_id"] = options.CurrentValue.DeploymentId,
            // The course page is the tool frame's parent and handles platform storage messages.
            ["lti_storage_target"] = "_parent",
        });
    }

    private static async Task<IResult> RenderGradesAsync(DevGradebook gradebook, CancellationToken cancellationToken)
    {
        var lineItems = await gradebook.ListLineItemsAsync(SandboxCourse.ContextId, null, null, null, cancellationToken);
        var html = new StringBuilder("<main><div><h1>Grades</h1><table><thead><tr><th>Person</th>");
        foreach (var item in lineItems)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{DevHtml.Encode(item.Label)} (/{item.ScoreMaximum.ToString(CultureInfo.InvariantCulture)})</th>");
        }

        html.Append("</tr></thead><tbody>");
        var latest = new Dictionary<(string LineItemId, string UserId), DevScore>();
        foreach (var item in lineItems)
        {
            foreach (var score in await gradebook.ListLatestScoresAsync(SandboxCourse.ContextId, item.Id, null, cancellationToken))
            {
                latest[(item.Id, score.UserId)] = score;
            }
        }

        foreach (var person in SandboxCourse.People)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{DevHtml.Encode(person.Name)}</td>");
            foreach (var item in lineItems)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td data-testid=\"grade-{DevHtml.Encode(item.Id)}-{DevHtml.Encode(person.Id)}\">")
                    .Append(latest.TryGetValue((item.Id, person.Id), out var score) ? DevHtml.Encode(Describe(score)) : "")
                    .Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table><h2>Scores received</h2><table><thead><tr><th>Recorded</th><th>Line item</th><th>User</th><th>Score</th><th>Comment</th></tr></thead><tbody>");
        foreach (var score in await gradebook.ListAllScoresAsync(SandboxCourse.ContextId, cancellationToken))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{score.RecordedAt:u}</td><td>{DevHtml.Encode(score.LineItemId)}</td><td>{DevHtml.Encode(score.UserId)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{DevHtml.Encode(Describe(score))}</td><td>{DevHtml.Encode(score.Comment)}</td></tr>");
        }

        html.Append("</tbody></table></div></main>");
        return DevHtml.Page("Grades", html.ToString());
    }

    private static string Describe(DevScore score)
    {
        var points = score.ScoreGiven is { } given
            ? $"{given.ToString(CultureInfo.InvariantCulture)}/{score.ScoreMaximum?.ToString(CultureInfo.InvariantCulture)}"
            : "no score";
        return $"{points} ({score.ActivityProgress}, {score.GradingProgress})";
    }
}
