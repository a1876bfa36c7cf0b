-- Time on task: when a learner first opened each activity in each module cycle, and the duration
-- the activity's latest learner statement reported (first open to that step, capped). A module's
-- completed statement reports the sum of reported_duration_ms over its activities in the cycle.
-- The first open wins, so every node measures from the same instant. Like catalog_progress, the
-- module and activity ids are the catalog's own and carry no foreign key.
CREATE TABLE catalog_activity_time (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    module_id VARCHAR(64) NOT NULL,
    cycle_start_ms BIGINT NOT NULL,
    activity_id VARCHAR(64) NOT NULL,
    first_opened_at_ms BIGINT NOT NULL,
    reported_duration_ms BIGINT NULL,
    PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms, activity_id)
);
