namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Every reason LtiPd rejects an LTI login or launch. Codes are stable: admins search logs for
/// them and scripts match on them. Event ids 1100-1199 belong to this catalogue.
/// </summary>
public static class LaunchErrors
{
    private const string TryAgain = "Go back to your course and open the activity again.";

    /// <summary>The platform sent an OIDC error to the launch endpoint.</summary>
    public static readonly LaunchError PlatformError = new(
        "platform_error", 1100, 400, "read authentication response",
        "Your LMS could not sign you in to LtiPd.",
        "The LMS returned an OIDC error instead of an id_token (see the detail). Check that the tool is enabled for this course and that the user is enrolled.");

    /// <summary>A login initiation request lacks a required parameter.</summary>
    public static readonly LaunchError LoginParameterMissing = new(
        "login_parameter_missing", 1101, 400, "validate login initiation parameters",
        "The LMS started the sign-in without the information LtiPd needs.",
        "LTI 1.3 login initiation requires iss, login_hint and target_link_uri. Check the tool's OIDC login URL in the LMS.");

    /// <summary>No registration matches the issuer and client_id.</summary>
    public static readonly LaunchError UnknownPlatform = new(
        "unknown_platform", 1102, 400, "validate platform registered",
        "LtiPd is not set up for this LMS yet.",
        "Register this platform in LtiPd (issuer and client_id exactly as the LMS shows them), for example with 'platform add'.");

    /// <summary>An issuer has several registrations and the login did not say which.</summary>
    public static readonly LaunchError AmbiguousPlatform = new(
        "ambiguous_platform", 1103, 400, "validate platform registered",
        "LtiPd could not tell which of its LMS registrations this sign-in belongs to.",
        "Several registrations share this issuer. Configure the LMS to send client_id in the login initiation request.");

    /// <summary>The target_link_uri does not point at this tool.</summary>
    public static readonly LaunchError TargetLinkUriNotAllowed = new(
        "target_link_uri_not_allowed", 1104, 400, "validate target_link_uri points at this tool",
        "The link you opened does not point at this LtiPd site.",
        "The target_link_uri must be a URL of this tool (same scheme and host as Lti:PublicBaseUrl). Fix the launch URL in the LMS.");

    /// <summary>The deployment is not approved yet.</summary>
    public static readonly LaunchError DeploymentPending = new(
        "deployment_pending", 1105, 403, "validate deployment id known",
        "LtiPd has been added to this LMS but a district administrator still has to approve it.",
        "A launch came from a deployment this registration has not seen. It is recorded as pending: approve it with 'platform approve-deployment'.");

    /// <summary>A login initiation parameter is too long or contains control characters.</summary>
    public static readonly LaunchError LoginParameterInvalid = new(
        "login_parameter_invalid", 1106, 400, "validate login initiation parameters",
        "The LMS started the sign-in with information LtiPd cannot use.",
        "A login initiation parameter is longer than LtiPd accepts or contains control characters (see the detail). iss may have 300 characters, client_id and lti_deployment_id 255, target_link_uri 512.");

    /// <summary>The request body is larger than the server accepts.</summary>
    public static readonly LaunchError RequestTooLarge = new(
        "request_too_large", 1107, 413, "read request",
        "The LMS sent more data than LtiPd accepts for a sign-in.",
        "A form field of the login or launch request exceeds the server's form limits. An id_token may have at most 256,000 characters.");

    /// <summary>The launch carries no state.</summary>
    public static readonly LaunchError StateMissing = new(
        "state_missing", 1110, 400, "validate state present",
        "The sign-in response from your LMS was incomplete. " + TryAgain,
        "The authentication response had no state parameter. The LMS must echo the state LtiPd sent.");

    /// <summary>The state is not one this tool issued.</summary>
    public static readonly LaunchError StateUnknown = new(
        "state_unknown", 1111, 400, "validate state issued by this tool",
        "This sign-in was not started by LtiPd, or it was started on another server. " + TryAgain,
        "The state was never issued or was removed. Check that every node uses the same database and that the LMS uses this tool's login URL.")
    { IsTransient = true };

    /// <summary>The login waited too long for its launch.</summary>
    public static readonly LaunchError StateExpired = new(
        "state_expired", 1112, 400, "validate state not expired",
        "The sign-in took too long and expired. " + TryAgain,
        "The launch arrived after Lti:LoginLifetimeSeconds. Check the server clocks and the LMS's response time.")
    { IsTransient = true };

    /// <summary>The state was already used by a launch.</summary>
    public static readonly LaunchError StateReplayed = new(
        "state_replayed", 1113, 400, "validate state not replayed",
        "This sign-in was already used. " + TryAgain,
        "The same state was presented twice: a page reload of the launch, or a replayed request.")
    { IsTransient = true };

    /// <summary>The browser did not send back the login cookie.</summary>
    public static readonly LaunchError StateCookieMissing = new(
        "state_cookie_missing", 1114, 400, "validate state bound to this browser",
        "Your browser blocked the cookie LtiPd needs inside the LMS page. Open the activity again; if it keeps failing, allow cookies for this site or open the activity in a new window.",
        "The login cookie did not come back with the launch. The browser blocks third-party cookies and ignored the partitioned cookie.")
    { IsTransient = true, IsCookieProblem = true };

    /// <summary>The login cookie belongs to another login.</summary>
    public static readonly LaunchError StateCookieMismatch = new(
        "state_cookie_mismatch", 1115, 400, "validate state bound to this browser",
        "This sign-in was started in another browser. " + TryAgain,
        "The state was issued to a different browser than the one presenting it (possible login CSRF).");

    /// <summary>The state and nonce read back from LTI Platform Storage do not fit the login.</summary>
    public static readonly LaunchError PlatformStorageInvalid = new(
        "platform_storage_invalid", 1116, 400, "validate state bound to this browser",
        "This sign-in could not be confirmed with your LMS page. " + TryAgain,
        "The state and nonce posted back from platform storage did not match the login, or the post did not come from the tool's own page (possible login CSRF).");

    /// <summary>No id_token in the launch.</summary>
    public static readonly LaunchError IdTokenMissing = new(
        "id_token_missing", 1120, 400, "validate id_token present",
        "The LMS did not send your sign-in details.",
        "The launch had no id_token form field. The LMS must post it with response_mode=form_post.");

    /// <summary>The id_token is not a well-formed JWS.</summary>
    public static readonly LaunchError IdTokenMalformed = new(
        "id_token_malformed", 1121, 400, "validate id_token well formed",
        "The sign-in details from your LMS could not be read.",
        "The id_token is not a compact JWS (three base64url parts with a JSON header and payload).");

    /// <summary>The id_token is larger than the validator reads.</summary>
    public static readonly LaunchError IdTokenTooLarge = new(
        "id_token_too_large", 1141, 400, "validate id_token size",
        "The sign-in details from your LMS were too large for LtiPd to read.",
        "The id_token is longer than 256,000 characters. Check the custom parameters and claims the LMS adds to the launch.");

    /// <summary>The signing algorithm is not allowed (none, HS256...).</summary>
    public static readonly LaunchError AlgorithmNotAllowed = new(
        "algorithm_not_allowed", 1122, 400, "validate signing algorithm allowed",
        "The sign-in details from your LMS were not signed the way LtiPd requires.",
        "The id_token's alg is not in Lti:AllowedAlgorithms (RS256). Tokens signed with none or a shared secret are always rejected.");

    /// <summary>The JWT header has no kid.</summary>
    public static readonly LaunchError KidMissing = new(
        "kid_missing", 1123, 400, "validate key id present",
        "The sign-in details from your LMS did not say which key signed them.",
        "The id_token header has no kid. The LMS must name the key from its JWKS.");

    /// <summary>The platform JWKS could not be fetched.</summary>
    public static readonly LaunchError JwksUnavailable = new(
        "jwks_unavailable", 1124, 502, "fetch platform keys",
        "LtiPd could not reach your LMS to check your sign-in. Try again in a few minutes.",
        "Fetching the platform's JWKS URL failed or returned no usable keys. Check the registration's JwksUrl and the network path from LtiPd to the LMS.")
    { IsTransient = true };

    /// <summary>No key in the platform JWKS matches the kid.</summary>
    public static readonly LaunchError KidUnknown = new(
        "kid_unknown", 1125, 400, "validate key id in platform key set",
        "The sign-in details from your LMS were signed with a key LtiPd does not know.",
        "The kid is not in the platform's JWKS, even after refetching it. Check the registration's JwksUrl.");

    /// <summary>The key is not an RSA signing key of sufficient size.</summary>
    public static readonly LaunchError KeyNotAllowed = new(
        "key_not_allowed", 1126, 400, "validate key type matches algorithm",
        "The sign-in details from your LMS were signed with a key LtiPd does not accept.",
        "The JWKS entry for this kid is not an RSA signing key of at least Lti:MinimumRsaKeySize bits.");

    /// <summary>The signature does not verify.</summary>
    public static readonly LaunchError SignatureInvalid = new(
        "signature_invalid", 1127, 400, "validate signature",
        "The sign-in details from your LMS failed their security check.",
        "The id_token signature does not verify with the platform key named by kid. The token was altered or signed by another party.");

    /// <summary>The iss claim does not match the registration.</summary>
    public static readonly LaunchError IssuerMismatch = new(
        "issuer_mismatch", 1128, 400, "validate issuer",
        "The sign-in details came from a different LMS than the one that started the sign-in.",
        "The id_token iss differs from the registration's issuer. The comparison is exact.");

    /// <summary>The aud claim does not contain our client_id.</summary>
    public static readonly LaunchError AudienceMismatch = new(
        "audience_mismatch", 1129, 400, "validate audience",
        "The sign-in details were meant for another tool.",
        "The id_token aud does not contain this registration's client_id.");

    /// <summary>azp is wrong for a multi-audience token.</summary>
    public static readonly LaunchError AuthorizedPartyMismatch = new(
        "azp_mismatch", 1130, 400, "validate authorized party",
        "The sign-in details were meant for another tool.",
        "With several audiences (or any azp), azp must equal this registration's client_id (OIDC Core 3.1.3.7).");

    /// <summary>The token has expired.</summary>
    public static readonly LaunchError TokenExpired = new(
        "token_expired", 1131, 400, "validate expiry",
        "The sign-in took too long and expired. " + TryAgain,
        "The id_token exp is in the past beyond Lti:ClockSkewSeconds. Check the LMS and tool server clocks.")
    { IsTransient = true };

    /// <summary>The token is not valid yet, or was issued in the future.</summary>
    public static readonly LaunchError TokenNotYetValid = new(
        "token_not_yet_valid", 1132, 400, "validate issued-at and not-before",
        "Your sign-in is not valid yet; the clocks of your LMS and LtiPd disagree.",
        "The id_token iat or nbf is in the future beyond Lti:ClockSkewSeconds. Synchronise the server clocks (NTP).");

    /// <summary>The nonce does not match the one of this login.</summary>
    public static readonly LaunchError NonceMismatch = new(
        "nonce_mismatch", 1133, 400, "validate nonce matches login",
        "This sign-in does not belong to the one LtiPd started. " + TryAgain,
        "The id_token nonce differs from the nonce sent in this login's redirect.");

    /// <summary>The nonce was already used.</summary>
    public static readonly LaunchError NonceReplayed = new(
        "nonce_replayed", 1134, 400, "validate nonce not replayed",
        "This sign-in was already used. " + TryAgain,
        "The id_token nonce was seen before: the token was replayed.");

    /// <summary>A claim the message type requires is absent.</summary>
    public static readonly LaunchError ClaimMissing = new(
        "claim_missing", 1135, 400, "validate required claims",
        "The LMS left out information LtiPd needs to open this activity.",
        "A claim required for this message type is missing (see the detail). For sub: LtiPd needs to know who the user is; turn off anonymous launches for this tool.");

    /// <summary>A claim has an invalid value.</summary>
    public static readonly LaunchError ClaimInvalid = new(
        "claim_invalid", 1136, 400, "validate claim values",
        "The LMS sent information LtiPd cannot use.",
        "A claim has a value outside what LTI 1.3 allows (see the detail).");

    /// <summary>The message type is not supported.</summary>
    public static readonly LaunchError MessageTypeUnsupported = new(
        "message_type_unsupported", 1137, 400, "validate message type",
        "The LMS asked LtiPd for something it does not offer.",
        "LtiPd accepts LtiResourceLinkRequest, LtiDeepLinkingRequest and LtiSubmissionReviewRequest. Check the placement's message type.");

    /// <summary>The LTI version is not 1.3.0.</summary>
    public static readonly LaunchError VersionUnsupported = new(
        "version_unsupported", 1138, 400, "validate LTI version",
        "The LMS used an LTI version LtiPd does not support.",
        "The version claim must be 1.3.0.");

    /// <summary>The deployment id differs from the one in the login.</summary>
    public static readonly LaunchError DeploymentMismatch = new(
        "deployment_mismatch", 1139, 400, "validate deployment id matches login",
        "This sign-in does not match the one LtiPd started. " + TryAgain,
        "The id_token deployment_id differs from the lti_deployment_id of the login initiation.");

    /// <summary>The target_link_uri claim does not match this tool.</summary>
    public static readonly LaunchError TargetLinkUriMismatch = new(
        "target_link_uri_mismatch", 1140, 400, "validate target_link_uri claim",
        "The link you opened does not point at this LtiPd site.",
        "The id_token target_link_uri is not a URL of this tool.");
}
