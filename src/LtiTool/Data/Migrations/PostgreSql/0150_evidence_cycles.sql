-- Evidence per cycle. A module in an annual pathway is done again in each cycle of that pathway,
-- so a learner has one submission per evidence activity and cycle, each with its own revisions
-- and reviews. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module that does not
-- recur; rows from before this migration belong to cycle 0.
-- The unique key of 0030 was created without a name, so its generated name is looked up.
ALTER TABLE evidence_submissions ADD COLUMN cycle_start_ms BIGINT NOT NULL DEFAULT 0;

DO $$
DECLARE
    key_name TEXT;
BEGIN
    SELECT conname INTO key_name FROM pg_constraint
    WHERE conrelid = 'evidence_submissions'::regclass AND contype = 'u';
    EXECUTE format('ALTER TABLE evidence_submissions DROP CONSTRAINT %I', key_name);
END
$$;

ALTER TABLE evidence_submissions ADD CONSTRAINT ux_evidence_submissions_cycle
    UNIQUE (registration_id, user_ref, module_id, activity_id, cycle_start_ms);
