using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The CSRF check of every learner form: the form echoes the session's random token in a hidden
/// field, and the server compares it in constant time. A cross-site page cannot read the token,
/// so it cannot forge a post even though the session cookie is SameSite=None for the LMS iframe.
/// </summary>
internal static class CsrfCheck
{
    public const string FieldName = "csrf_token";

    public static string HiddenField(LtiSession session) =>
        $"<input type=\"hidden\" name=\"{FieldName}\" value=\"{PageLayout.Encode(session.CsrfToken)}\">";

    public static bool IsValid(LtiSession session, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(form);
        var submitted = form[FieldName];
        if (submitted.Count != 1 || string.IsNullOrEmpty(submitted[0]))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(submitted[0]!),
            Encoding.UTF8.GetBytes(session.CsrfToken));
    }
}
