-- LTI Advantage services: the gradebook column of each catalog module per course, the scores
-- waiting to be sent to it, the last score timestamp sent per learner (platforms reject a score
-- that is not newer than the last one), and the results read back from the LMS gradebook.

CREATE TABLE ags_line_items (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    context_ref VARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    module_id VARCHAR(64) NOT NULL,
    line_item_url TEXT NOT NULL,
    label VARCHAR(512) NOT NULL,
    score_maximum DOUBLE PRECISION NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, context_ref, module_id)
);

-- One row per score to send, written in the transaction of the progress change that caused it.
-- Rows of one learner are sent in id order: a row is not claimed while an older row of the same
-- learner is neither delivered nor rejected.
CREATE TABLE ags_score_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref VARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    module_id VARCHAR(64) NOT NULL,
    score_given DOUBLE PRECISION NULL,
    score_maximum DOUBLE PRECISION NULL,
    activity_progress VARCHAR(32) NOT NULL,
    grading_progress VARCHAR(32) NOT NULL,
    comment TEXT NULL,
    new_submission SMALLINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    lease_owner VARCHAR(100) NULL,
    lease_expires_at_ms BIGINT NULL,
    delivered_at_ms BIGINT NULL,
    rejected_at_ms BIGINT NULL,
    last_status INTEGER NULL,
    last_error TEXT NULL
);
CREATE INDEX ix_ags_score_outbox_due ON ags_score_outbox (delivered_at_ms, rejected_at_ms, next_attempt_at_ms);
CREATE INDEX ix_ags_score_outbox_learner ON ags_score_outbox (registration_id, user_ref, id);

CREATE TABLE ags_score_timestamps (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    line_item_ref VARCHAR(128) NOT NULL REFERENCES ags_line_items (id),
    subject VARCHAR(255) NOT NULL,
    last_timestamp_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);

CREATE TABLE ags_results (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    line_item_ref VARCHAR(128) NOT NULL REFERENCES ags_line_items (id),
    subject VARCHAR(255) NOT NULL,
    result_score DOUBLE PRECISION NULL,
    result_maximum DOUBLE PRECISION NULL,
    comment TEXT NULL,
    synced_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);
