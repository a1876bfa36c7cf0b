-- One row per personal-data export or deletion a district admin ran: who ran it, when, the
-- person concerned (their user id, never their name) and how many rows of each kind it covered. Rows are
-- never updated or deleted by LtiPd.
CREATE TABLE privacy_audit (
    id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL REFERENCES districts (id),
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    subject_registration_id TEXT NOT NULL,
    subject_user_ref TEXT NOT NULL,
    counts_json TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX ix_privacy_audit_district ON privacy_audit (district_id, at_ms);
