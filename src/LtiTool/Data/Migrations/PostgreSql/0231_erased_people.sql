-- When a district admin deleted the person's data (Unix ms), or NULL. Compliance leaves an erased
-- person out, also while a roster sync still lists them, until their next launch clears the mark.
ALTER TABLE lti_users ADD COLUMN erased_at_ms BIGINT NULL;

-- A change of the mark changes whether compliance counts the person, so it marks them for the
-- next compliance refresh like a change of their name or school does.
DROP TRIGGER tr_pd_compliance_users_update ON lti_users;
CREATE TRIGGER tr_pd_compliance_users_update AFTER UPDATE ON lti_users FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email OR OLD.school_id IS DISTINCT FROM NEW.school_id
        OR OLD.subject IS DISTINCT FROM NEW.subject OR OLD.registration_id IS DISTINCT FROM NEW.registration_id
        OR OLD.erased_at_ms IS DISTINCT FROM NEW.erased_at_ms)
    EXECUTE FUNCTION pd_compliance_mark_subject();

-- People deleted before this migration, unless they launched again after their deletion.
UPDATE lti_users SET erased_at_ms = (
    SELECT MAX(a.at_ms) FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id)
WHERE EXISTS (
    SELECT 1 FROM privacy_audit a
    WHERE a.action = 'Delete' AND a.subject_registration_id = lti_users.registration_id AND a.subject_user_ref = lti_users.id
        AND a.at_ms >= lti_users.last_launch_at_ms);
