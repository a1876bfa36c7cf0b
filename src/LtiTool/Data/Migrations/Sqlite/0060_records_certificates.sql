-- Certificates of completed PD, one per person and completed module (or pathway), issued the
-- first time the person downloads it. code is the unguessable id of the public verification
-- page. The hours, title and dates are copied at issue, so the certificate keeps the facts of the
-- day it was issued even if the catalog changes later.
CREATE TABLE record_certificates (
    code TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_title TEXT NOT NULL,
    credit_hours_hundredths INTEGER NOT NULL,
    completed_at_ms INTEGER NOT NULL,
    holder_name TEXT NULL,
    issued_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER NULL,
    revoked_reason TEXT NULL,
    UNIQUE (registration_id, user_ref, kind, subject_id)
);
