-- Certificates of completed PD, one per person and completed module (or pathway), issued the
-- first time the person downloads it. code is the unguessable id of the public verification
-- page. The hours, title and dates are copied at issue, so the certificate keeps the facts of the
-- day it was issued even if the catalog changes later.
CREATE TABLE record_certificates (
    code VARCHAR(64) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    kind VARCHAR(16) NOT NULL,
    subject_id VARCHAR(64) NOT NULL,
    subject_title VARCHAR(512) NOT NULL,
    credit_hours_hundredths INTEGER NOT NULL,
    completed_at_ms BIGINT NOT NULL,
    holder_name VARCHAR(512) NULL,
    issued_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT NULL,
    revoked_reason VARCHAR(512) NULL,
    UNIQUE (registration_id, user_ref, kind, subject_id)
);
