using LtiPd.Storage;

namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>The SQL of personal-data export and deletion. Every statement filters on the district, registration or tenant key.</summary>
internal static class PrivacySql
{
    public static readonly SqlText FindPerson = SqlText.Portable(
        "SELECT r.district_id AS DistrictId, u.registration_id AS RegistrationId, u.id AS UserId, r.issuer AS Issuer, u.subject AS Subject, u.email AS Email " +
        "FROM lti_users u JOIN platform_registrations r ON r.id = u.registration_id " +
        "WHERE r.district_id = @DistrictId AND u.registration_id = @RegistrationId AND u.subject = @Subject");

    public static readonly SqlText SelectUser = SqlText.Portable(
        "SELECT id AS UserId, subject AS Subject, name AS Name, given_name AS GivenName, family_name AS FamilyName, email AS Email, locale AS Locale, " +
        "person_sourcedid AS PersonSourcedId, created_at_ms AS CreatedAtMs, last_launch_at_ms AS LastLaunchAtMs FROM lti_users WHERE id = @UserId AND registration_id = @RegistrationId");

    public static readonly SqlText SelectCertificates = SqlText.Portable(
        "SELECT code AS Code, kind AS Kind, subject_id AS SubjectId, subject_title AS SubjectTitle, credit_hours_hundredths AS CreditHoursHundredths, " +
        "completed_at_ms AS CompletedAtMs, issued_at_ms AS IssuedAtMs, revoked_at_ms AS RevokedAtMs FROM record_certificates " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserId ORDER BY issued_at_ms");

    public static readonly SqlText SelectLedger = SqlText.Portable(
        "SELECT rule_key AS RuleKey, item_id AS ItemId, points AS Points, status AS Status, reason AS Reason, source_statement_id AS SourceStatementId, " +
        "awarded_at_ms AS AwardedAtMs FROM gamification_ledger WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId ORDER BY position");

    public static readonly SqlText DeleteLedger = SqlText.Portable(
        "DELETE FROM gamification_ledger WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId");

    /// <summary>The other gamification tables keyed by (tenant_id, user_id).</summary>
    public static readonly SqlText[] DeleteGamification =
    [
        SqlText.Portable("DELETE FROM gamification_statements WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_participants WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_levels WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_badges WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_streak_pauses WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_challenge_members WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_challenge_winners WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_outbox WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
        SqlText.Portable("DELETE FROM gamification_capped_points WHERE tenant_id = @DistrictId AND user_id = @GamificationUserId"),
    ];

    public static readonly SqlText DeleteProgress = SqlText.Portable(
        "DELETE FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId");

    public static readonly SqlText DeleteActivityTimes = SqlText.Portable(
        "DELETE FROM catalog_activity_time WHERE registration_id = @RegistrationId AND user_ref = @UserId");

    public static readonly SqlText DeleteCompletions = SqlText.Portable(
        "DELETE FROM catalog_module_completions WHERE registration_id = @RegistrationId AND user_ref = @UserId");

    // A queued statement names the person and would otherwise reach the LRS after the erasure.
    public static readonly SqlText DeleteQueuedStatements = SqlText.Portable(
        "DELETE FROM pd_statement_outbox WHERE registration_id = @RegistrationId AND user_ref = @UserId");
    /// <summary>The person's pathway completions and elective choices, which the district id and user id key.</summary>
    public static readonly SqlText[] DeletePathwayRows =
    [
        SqlText.Portable("DELETE FROM pd_pathway_completions WHERE district_id = @DistrictId AND user_ref = @UserId"),
        SqlText.Portable("DELETE FROM pd_pathway_choices WHERE district_id = @DistrictId AND user_ref = @UserId"),
    ];

    // An attendee row names the person by LTI subject; the attended statement itself is voided
    // and redacted with the person's other statements.
    public static readonly SqlText DeleteLiveSessionAttendance = SqlText.Portable(
        "DELETE FROM live_session_attendees WHERE subject = @Subject AND session_id IN (SELECT id FROM live_sessions WHERE registration_id = @RegistrationId)");

    // A correction row names the person by LTI subject too, and its reason may describe them.
    public static readonly SqlText DeleteLiveSessionCorrections = SqlText.Portable(
        "DELETE FROM live_session_corrections WHERE subject = @Subject AND session_id IN (SELECT id FROM live_sessions WHERE registration_id = @RegistrationId)");

    public static readonly SqlText DeleteSessions = SqlText.Portable(
        "DELETE FROM lti_sessions WHERE registration_id = @RegistrationId AND user_ref = @UserId");

    // The user row stays because other rows refer to it; its personal fields are cleared. The
    // erasure time keeps the person out of compliance while the LMS roster still lists them.
    public static readonly SqlText ClearUser = SqlText.Portable(
        "UPDATE lti_users SET name = NULL, given_name = NULL, family_name = NULL, email = NULL, person_sourcedid = NULL, erased_at_ms = @ErasedAtMs " +
        "WHERE id = @UserId AND registration_id = @RegistrationId");

    public static readonly SqlText ClearRoster = SqlText.Portable(
        "UPDATE roster_members SET name = NULL, given_name = NULL, family_name = NULL, email = NULL " +
        "WHERE registration_id = @RegistrationId AND subject = @Subject");

    // The compliance status rows copy the name and email. The triggers of the updates above mark
    // the person, and the next compliance refresh finds them erased and writes no rows for them.
    public static readonly SqlText[] DeleteComplianceRows =
    [
        SqlText.Portable("DELETE FROM pd_compliance_status_courses WHERE registration_id = @RegistrationId AND subject = @Subject"),
        SqlText.Portable("DELETE FROM pd_compliance_status WHERE registration_id = @RegistrationId AND subject = @Subject"),
    ];

    public static readonly SqlText InsertAudit = SqlText.Portable(
        "INSERT INTO privacy_audit (id, district_id, action, actor, subject_registration_id, subject_user_ref, counts_json, at_ms) " +
        "VALUES (@Id, @DistrictId, @Action, @Actor, @RegistrationId, @UserId, @CountsJson, @AtMs)");
}
