-- Evidence per cycle. A module in an annual pathway is done again in each cycle of that pathway,
-- so a learner has one submission per evidence activity and cycle, each with its own revisions
-- and reviews. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module that does not
-- recur; rows from before this migration belong to cycle 0.
-- SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt with its rows. Its id
-- stays the same, so evidence_revisions and evidence_reviews keep pointing at their submission.
CREATE TABLE evidence_submissions_by_cycle (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    context_ref TEXT NULL REFERENCES lti_contexts (id),
    module_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    cycle_start_ms INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_submitted_at_ms INTEGER NOT NULL,
    last_submitted_at_ms INTEGER NOT NULL,
    decided_at_ms INTEGER NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (registration_id, user_ref, module_id, activity_id, cycle_start_ms)
);
INSERT INTO evidence_submissions_by_cycle (id, registration_id, user_ref, context_ref, module_id, activity_id, cycle_start_ms, status, revision,
    first_submitted_at_ms, last_submitted_at_ms, decided_at_ms, updated_at_ms)
SELECT id, registration_id, user_ref, context_ref, module_id, activity_id, 0, status, revision,
    first_submitted_at_ms, last_submitted_at_ms, decided_at_ms, updated_at_ms FROM evidence_submissions;
DROP TABLE evidence_submissions;
ALTER TABLE evidence_submissions_by_cycle RENAME TO evidence_submissions;
CREATE INDEX ix_evidence_submissions_queue ON evidence_submissions (registration_id, status, last_submitted_at_ms);
