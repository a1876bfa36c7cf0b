-- LTI Advantage services: the gradebook column of each catalog module per course, the scores
-- waiting to be sent to it, the last score timestamp sent per learner (platforms reject a score
-- that is not newer than the last one), and the results read back from the LMS gradebook.

CREATE TABLE ags_line_items (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    context_ref TEXT NOT NULL REFERENCES lti_contexts (id),
    module_id TEXT NOT NULL,
    line_item_url TEXT NOT NULL,
    label TEXT NOT NULL,
    score_maximum REAL NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (registration_id, context_ref, module_id)
);

-- One row per score to send, written in the transaction of the progress change that caused it.
-- Rows of one learner are sent in id order: a row is not claimed while an older row of the same
-- learner is neither delivered nor rejected.
CREATE TABLE ags_score_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    context_ref TEXT NOT NULL REFERENCES lti_contexts (id),
    module_id TEXT NOT NULL,
    score_given REAL NULL,
    score_maximum REAL NULL,
    activity_progress TEXT NOT NULL,
    grading_progress TEXT NOT NULL,
    comment TEXT NULL,
    new_submission INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at_ms INTEGER NULL,
    delivered_at_ms INTEGER NULL,
    rejected_at_ms INTEGER NULL,
    last_status INTEGER NULL,
    last_error TEXT NULL
);
CREATE INDEX ix_ags_score_outbox_due ON ags_score_outbox (delivered_at_ms, rejected_at_ms, next_attempt_at_ms);
CREATE INDEX ix_ags_score_outbox_learner ON ags_score_outbox (registration_id, user_ref, id);

CREATE TABLE ags_score_timestamps (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    line_item_ref TEXT NOT NULL REFERENCES ags_line_items (id),
    subject TEXT NOT NULL,
    last_timestamp_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);

CREATE TABLE ags_results (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    line_item_ref TEXT NOT NULL REFERENCES ags_line_items (id),
    subject TEXT NOT NULL,
    result_score REAL NULL,
    result_maximum REAL NULL,
    comment TEXT NULL,
    synced_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);
