using System.Globalization;
using LtiPd.LtiTool.Hosting;

namespace LtiPd.LtiTool.PlatformStorage;

/// <summary>
/// The two pages of a launch through LTI Platform Storage. At login, when the platform names an
/// <c>lti_storage_target</c>, the tool stores state and nonce in the platform's frame before it
/// goes on to the authorization endpoint. At launch, when the login cookie did not come back, the
/// tool reads them from the platform's frame and posts them with the id_token. Where the platform
/// offers no storage, the partitioned login cookie set with the page is the fallback, and where
/// the browser drops that too, the page tells the person to open LtiPd in a new window.
/// </summary>
public static class PlatformStoragePages
{
    /// <summary>The form field of the state read back from platform storage.</summary>
    public const string StateField = "lti_storage_state";

    /// <summary>The form field of the nonce read back from platform storage.</summary>
    public const string NonceField = "lti_storage_nonce";

    private const string Blocked = """
        <div id="blocked" hidden>
        <p role="alert" data-testid="storage-blocked">Your browser blocks the storage LtiPd needs inside this LMS page, so LtiPd cannot sign you in here.</p>
        """;

    /// <summary>
    /// The login page: stores state and nonce under keys named after the state, then redirects to
    /// <paramref name="authorizationUrl"/>. <paramref name="newWindowUrl"/> restarts the login
    /// in a top-level window, where the browser keeps first-party cookies.
    /// </summary>
    public static IResult Login(
        HttpContext context, string target, string platformOrigin, string authorizationUrl, string state, string nonce, string newWindowUrl)
    {
        var body = $"""
            <p id="working">Opening LtiPd&hellip;</p>
            {Blocked}<p><a href="{ScriptPage.Encode(newWindowUrl)}" target="_blank" rel="noopener" data-testid="open-new-window">Open LtiPd in a new window</a></p>
            </div>
            <noscript><p><a href="{ScriptPage.Encode(authorizationUrl)}">Continue to sign in</a></p></noscript>
            """;
        var script = Variables(target, platformOrigin, state) + $$"""
            var authUrl = {{ScriptPage.JsString(authorizationUrl)}};
            var nonce = {{ScriptPage.JsString(nonce)}};
            {{PlatformStorageScripts.Helpers}}
            storage().then(function (subjects) {
              var frame = storageFrame();
              return Promise.all([
                ask(frame, subjects.put, { key: 'ltipd_state_' + state, value: state }, timeoutData),
                ask(frame, subjects.put, { key: 'ltipd_nonce_' + state, value: nonce }, timeoutData)
              ]);
            }).then(function () { return true; }, function () { return partitionedCookieWorks(); })
              .then(function (canContinue) { if (canContinue) { window.location.replace(authUrl); } else { showNewWindow(); } });
            """;
        return ScriptPage.Result(context, "Opening LtiPd", body, script, []);
    }

    /// <summary>
    /// The launch page shown when the login cookie is missing: reads state and nonce back from the
    /// platform's frame and posts them with <paramref name="idToken"/> to <paramref name="launchUrl"/>.
    /// </summary>
    public static IResult Relay(HttpContext context, string target, string platformOrigin, string launchUrl, string state, string idToken)
    {
        var body = $"""
            <p id="working">Finishing sign-in&hellip;</p>
            {Blocked}<p>Open the activity in a new window from your course, or ask your district to allow cookies for LtiPd.</p>
            </div>
            <form method="post" action="{ScriptPage.Encode(launchUrl)}">
            <input type="hidden" name="id_token" value="{ScriptPage.Encode(idToken)}">
            <input type="hidden" name="state" value="{ScriptPage.Encode(state)}">
            <input type="hidden" name="{StateField}" value="">
            <input type="hidden" name="{NonceField}" value="">
            </form>
            """;
        var script = Variables(target, platformOrigin, state) + $$"""
            {{PlatformStorageScripts.Helpers}}
            storage().then(function (subjects) {
              var frame = storageFrame();
              return Promise.all([
                ask(frame, subjects.get, { key: 'ltipd_state_' + state }, timeoutData),
                ask(frame, subjects.get, { key: 'ltipd_nonce_' + state }, timeoutData)
              ]);
            }).then(function (answers) {
              if (answers[0].value !== state || !answers[1].value) { throw new Error('mismatch'); }
              var form = document.forms[0];
              form.elements['{{StateField}}'].value = answers[0].value;
              form.elements['{{NonceField}}'].value = answers[1].value;
              form.submit();
            }).catch(showNewWindow);
            """;
        return ScriptPage.Result(context, "Finishing sign-in", body, script, ["'self'"]);
    }

    private static string Variables(string target, string platformOrigin, string state) => $"""
        var target = {ScriptPage.JsString(target)};
        var origin = {ScriptPage.JsString(platformOrigin)};
        var state = {ScriptPage.JsString(state)};
        var timeoutCapabilities = {PlatformStorageScripts.CapabilitiesTimeoutMs.ToString(CultureInfo.InvariantCulture)};
        var timeoutData = {PlatformStorageScripts.DataTimeoutMs.ToString(CultureInfo.InvariantCulture)};

        """;
}
