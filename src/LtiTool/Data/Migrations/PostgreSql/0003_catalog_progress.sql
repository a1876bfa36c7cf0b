-- Learner progress in the PD catalog. Module and activity ids are the catalog's own ids (from the
-- content folder, not the database), so they carry no foreign key. Every row carries the
-- registration and user it belongs to, and every query filters on both.
CREATE TABLE catalog_progress (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    module_id VARCHAR(64) NOT NULL,
    activity_id VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    last_score_percent INTEGER NULL,
    best_score_percent INTEGER NULL,
    response TEXT NULL,
    first_done_at_ms BIGINT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_ref, module_id, activity_id)
);

-- One row per module a learner completed, written once, in the transaction of the step that
-- completed it, so the completion event fires exactly once.
CREATE TABLE catalog_module_completions (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    module_id VARCHAR(64) NOT NULL,
    points_earned INTEGER NOT NULL,
    completed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_ref, module_id)
);
