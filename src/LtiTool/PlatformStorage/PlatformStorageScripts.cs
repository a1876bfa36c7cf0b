namespace LtiPd.LtiTool.PlatformStorage;

/// <summary>
/// The browser side of LTI Platform Storage (the postMessage-based Client Side postMessages
/// specification): the tool's frame requests the platform frame's capabilities and stores or
/// reads values there, since browsers that block third-party cookies leave a framed tool without
/// a usable cookie. Every message goes to the platform's origin only, and only answers from that
/// origin are read, so another page framing the tool can neither read nor feed the values.
/// </summary>
internal static class PlatformStorageScripts
{
    /// <summary>Milliseconds to wait for the capabilities response before falling back to the cookie.</summary>
    public const int CapabilitiesTimeoutMs = 1000;

    /// <summary>Milliseconds to wait for one put or get response.</summary>
    public const int DataTimeoutMs = 2000;

    /// <summary>
    /// Shared helpers, expecting <c>target</c> (the frame name) and <c>origin</c> (the platform's
    /// origin) to be defined: <c>ask(frame, subject, fields, timeoutMs)</c> resolves with the
    /// response whose subject is the request's plus <c>.response</c>, and <c>storage()</c> finds the
    /// put/get subjects the platform supports, under <c>lti.*</c> or the older <c>org.imsglobal.lti.*</c>.
    /// </summary>
    public const string Helpers = """
        function storageFrame() {
          if (target === '_parent') { return window.parent; }
          try { return window.parent.frames[target] || window.parent; } catch (e) { return window.parent; }
        }
        function ask(frame, subject, fields, timeoutMs) {
          return new Promise(function (resolve, reject) {
            var id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2);
            var timer = setTimeout(function () { window.removeEventListener('message', listen); reject(new Error('timeout')); }, timeoutMs);
            function listen(event) {
              var data = event.data;
              if (event.origin !== origin || !data || data.message_id !== id || data.subject !== subject + '.response') { return; }
              clearTimeout(timer);
              window.removeEventListener('message', listen);
              if (data.error) { reject(new Error(data.error.code || 'error')); } else { resolve(data); }
            }
            window.addEventListener('message', listen);
            var message = { subject: subject, message_id: id };
            for (var name in fields) { message[name] = fields[name]; }
            try { frame.postMessage(message, origin); } catch (e) { clearTimeout(timer); window.removeEventListener('message', listen); reject(e); }
          });
        }
        function storage() {
          var parent = window.opener || window.parent;
          if (parent === window) { return Promise.reject(new Error('not framed')); }
          function supported(answer) {
            var subjects = (answer.supported_messages || []).map(function (entry) { return entry.subject; });
            if (subjects.indexOf('lti.put_data') >= 0 && subjects.indexOf('lti.get_data') >= 0) { return { put: 'lti.put_data', get: 'lti.get_data' }; }
            if (subjects.indexOf('org.imsglobal.lti.put_data') >= 0 && subjects.indexOf('org.imsglobal.lti.get_data') >= 0) { return { put: 'org.imsglobal.lti.put_data', get: 'org.imsglobal.lti.get_data' }; }
            throw new Error('no storage');
          }
          return ask(parent, 'lti.capabilities', {}, timeoutCapabilities)
            .catch(function () { return ask(parent, 'org.imsglobal.lti.capabilities', {}, timeoutCapabilities); })
            .then(supported);
        }
        function partitionedCookieWorks() {
          document.cookie = 'ltipd_probe=1; SameSite=None; Secure; Partitioned; Path=/; Max-Age=60';
          return document.cookie.indexOf('ltipd_probe=1') >= 0;
        }
        function showNewWindow() {
          document.getElementById('working').hidden = true;
          document.getElementById('blocked').hidden = false;
        }
        """;
}
