using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The SQL that keeps <c>pd_compliance_status</c> and <c>pd_compliance_status_courses</c> up to date.</summary>
internal static class ComplianceStatusSql
{
    public const string StatusColumns =
        "pathway_id, item, registration_id, subject, item_position, user_ref, name, email, sort_key, school_id, role, context_refs, is_done, done_at_ms, started, overdue_at_ms, due_on";

    public const string CourseColumns =
        "pathway_id, item, context_ref, registration_id, subject, school_id, role, is_done, started, overdue_at_ms, due_on";

    public static readonly SqlText SelectBuildKey = SqlText.Portable(
        "SELECT build_key FROM pd_compliance_builds WHERE pathway_id = @PathwayId AND district_id = @DistrictId");

    public static readonly SqlText SelectBuildState = SqlText.Portable(
        "SELECT build_key AS BuildKey, built_at_ms AS BuiltAtMs FROM pd_compliance_builds WHERE pathway_id = @PathwayId AND district_id = @DistrictId");

    // An upper bound of the people a full evaluation loads: a person on two course rosters, or on
    // a roster and known from a launch, counts more than once.
    public static readonly SqlText CountPeople = SqlText.Portable(
        "SELECT (SELECT COUNT(*) FROM roster_members rm JOIN platform_registrations r ON r.id = rm.registration_id WHERE r.district_id = @DistrictId AND rm.status = 'Active') " +
        "+ (SELECT COUNT(*) FROM lti_users u JOIN platform_registrations r ON r.id = u.registration_id WHERE r.district_id = @DistrictId)");

    // Districts with marked people and built pathways, which the worker refreshes between scans.
    public static readonly SqlText SelectMarkedDistricts = SqlText.Portable(
        "SELECT DISTINCT r.district_id FROM pd_compliance_dirty d JOIN platform_registrations r ON r.id = d.registration_id " +
        "WHERE EXISTS (SELECT 1 FROM pd_compliance_builds b WHERE b.district_id = r.district_id)");

    // After the marked people of a built pathway were evaluated again, its rows are current as of now.
    public static readonly SqlText UpdateBuiltAt = SqlText.Portable(
        "UPDATE pd_compliance_builds SET built_at_ms = @BuiltAtMs WHERE pathway_id = @PathwayId");

    public static readonly SqlText CountDirty = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_compliance_dirty d JOIN platform_registrations r ON r.id = d.registration_id WHERE r.district_id = @DistrictId");

    // Refreshes of one district take turns across nodes. SQLite runs on one node, where
    // ComplianceDistrictLock makes them take turns in the process, so its text is never run.
    // Both statements return 0 or more when the lock is held, and TryLockDistrict -1 when
    // another transaction holds it.
    public static readonly SqlText LockDistrict = SqlText.PerProvider(
        "SELECT 0",
        "SELECT 0 FROM (SELECT pg_advisory_xact_lock(hashtext(@LockName))) l",
        "DECLARE @Result INT; EXEC @Result = sp_getapplock @Resource = @LockName, @LockMode = 'Exclusive', @LockOwner = 'Transaction'; SELECT @Result");

    public static readonly SqlText TryLockDistrict = SqlText.PerProvider(
        "SELECT 0",
        "SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext(@LockName)) THEN 0 ELSE -1 END",
        "DECLARE @Result INT; EXEC @Result = sp_getapplock @Resource = @LockName, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0; SELECT @Result");

    // Districts with pathways, which the background worker scans for due builds.
    public static readonly SqlText SelectDistricts = SqlText.Portable("SELECT DISTINCT district_id FROM pd_pathways");

    public static readonly SqlText SelectBuilds = SqlText.Portable(
        "SELECT pathway_id AS PathwayId, build_key AS BuildKey FROM pd_compliance_builds WHERE district_id = @DistrictId");

    public static readonly SqlText SelectDirty = SqlText.Portable(
        "SELECT d.registration_id AS RegistrationId, d.subject AS Subject, d.version AS Version FROM pd_compliance_dirty d " +
        "JOIN platform_registrations r ON r.id = d.registration_id WHERE r.district_id = @DistrictId");

    // A mark bumped by a write after it was read keeps its row, so that person is read again next time.
    public static readonly SqlText DeleteDirty = SqlText.Portable(
        "DELETE FROM pd_compliance_dirty WHERE registration_id = @RegistrationId AND subject = @Subject AND version = @Version");

    public static readonly SqlText[] DeletePathway =
    [
        SqlText.Portable("DELETE FROM pd_compliance_status_courses WHERE pathway_id = @PathwayId"),
        SqlText.Portable("DELETE FROM pd_compliance_status WHERE pathway_id = @PathwayId"),
        SqlText.Portable("DELETE FROM pd_compliance_builds WHERE pathway_id = @PathwayId"),
    ];

    public static readonly SqlText[] DeletePerson =
    [
        SqlText.Portable("DELETE FROM pd_compliance_status_courses WHERE pathway_id = @PathwayId AND registration_id = @RegistrationId AND subject = @Subject"),
        SqlText.Portable("DELETE FROM pd_compliance_status WHERE pathway_id = @PathwayId AND registration_id = @RegistrationId AND subject = @Subject"),
    ];

    public static readonly SqlText InsertBuild = SqlText.Portable(
        "INSERT INTO pd_compliance_builds (pathway_id, district_id, build_key, built_at_ms) VALUES (@PathwayId, @DistrictId, @BuildKey, @BuiltAtMs)");
}
