-- When a district admin deleted the person's data (Unix ms), or NULL. Compliance leaves an erased
-- person out, also while a roster sync still lists them, until their next launch clears the mark.
ALTER TABLE lti_users ADD COLUMN erased_at_ms INTEGER NULL;

-- A change of the mark changes whether compliance counts the person, so it marks them for the
-- next compliance refresh like a change of their name or school does.
DROP TRIGGER tr_pd_compliance_users_update;
CREATE TRIGGER tr_pd_compliance_users_update AFTER UPDATE ON lti_users
WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.school_id IS NOT NEW.school_id
    OR OLD.subject IS NOT NEW.subject OR OLD.registration_id IS NOT NEW.registration_id OR OLD.erased_at_ms IS NOT NEW.erased_at_ms
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

-- People deleted before this migration, unless they launched again after their deletion.
UPDATE lti_users SET erased_at_ms = (
    SELECT MAX(a.at_ms) FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id)
WHERE EXISTS (
    SELECT 1 FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id
        AND a.at_ms >= lti_users.last_launch_at_ms);
