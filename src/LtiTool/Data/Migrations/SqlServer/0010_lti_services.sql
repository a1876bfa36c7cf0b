-- LTI Advantage services: the gradebook column of each catalog module per course, the scores
-- waiting to be sent to it, the last score timestamp sent per learner (platforms reject a score
-- that is not newer than the last one), and the results read back from the LMS gradebook.

CREATE TABLE ags_line_items (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    context_ref NVARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    module_id NVARCHAR(64) NOT NULL,
    line_item_url NVARCHAR(2048) NOT NULL,
    label NVARCHAR(450) NOT NULL,
    score_maximum FLOAT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, context_ref, module_id)
);

-- One row per score to send, written in the transaction of the progress change that caused it.
-- Rows of one learner are sent in id order: a row is not claimed while an older row of the same
-- learner is neither delivered nor rejected.
CREATE TABLE ags_score_outbox (
    id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref NVARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    module_id NVARCHAR(64) NOT NULL,
    score_given FLOAT NULL,
    score_maximum FLOAT NULL,
    activity_progress NVARCHAR(32) NOT NULL,
    grading_progress NVARCHAR(32) NOT NULL,
    comment NVARCHAR(MAX) NULL,
    new_submission BIT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    lease_owner NVARCHAR(100) NULL,
    lease_expires_at_ms BIGINT NULL,
    delivered_at_ms BIGINT NULL,
    rejected_at_ms BIGINT NULL,
    last_status INT NULL,
    last_error NVARCHAR(1000) NULL
);
CREATE INDEX ix_ags_score_outbox_due ON ags_score_outbox (delivered_at_ms, rejected_at_ms, next_attempt_at_ms);
CREATE INDEX ix_ags_score_outbox_learner ON ags_score_outbox (registration_id, user_ref, id);

CREATE TABLE ags_score_timestamps (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    line_item_ref NVARCHAR(128) NOT NULL REFERENCES ags_line_items (id),
    subject NVARCHAR(255) NOT NULL,
    last_timestamp_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);

CREATE TABLE ags_results (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    line_item_ref NVARCHAR(128) NOT NULL REFERENCES ags_line_items (id),
    subject NVARCHAR(255) NOT NULL,
    result_score FLOAT NULL,
    result_maximum FLOAT NULL,
    comment NVARCHAR(MAX) NULL,
    synced_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, line_item_ref, subject)
);
