-- When a district admin deleted the person's data (Unix ms), or NULL. Compliance leaves an erased
-- person out, also while a roster sync still lists them, until their next launch clears the mark.
ALTER TABLE lti_users ADD erased_at_ms BIGINT NULL;
-- SQL Server compiles a batch before it runs it, so the statements below that name the new
-- column need a batch of their own. DbUp splits the script on GO.
GO

-- A change of the mark changes whether compliance counts the person, so it marks them for the
-- next compliance refresh like a change of their name or school does.
EXEC ('ALTER TRIGGER tr_pd_compliance_users ON lti_users AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT i.registration_id, i.subject FROM inserted i LEFT JOIN deleted d ON d.id = i.id
        WHERE d.subject IS NULL OR EXISTS (SELECT i.registration_id, i.subject, i.name, i.email, i.school_id, i.erased_at_ms EXCEPT SELECT d.registration_id, d.subject, d.name, d.email, d.school_id, d.erased_at_ms)
        UNION
        SELECT d.registration_id, d.subject FROM deleted d LEFT JOIN inserted i ON d.id = i.id
        WHERE i.subject IS NULL OR EXISTS (SELECT i.registration_id, i.subject, i.name, i.email, i.school_id, i.erased_at_ms EXCEPT SELECT d.registration_id, d.subject, d.name, d.email, d.school_id, d.erased_at_ms)
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

-- People deleted before this migration, unless they launched again after their deletion.
UPDATE lti_users SET erased_at_ms = (
    SELECT MAX(a.at_ms) FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id)
WHERE EXISTS (
    SELECT 1 FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id
        AND a.at_ms >= lti_users.last_launch_at_ms);
