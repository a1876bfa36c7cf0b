-- One row per personal-data export or deletion a district admin ran: who ran it, when, the
-- person concerned (their user id, never their name) and how many rows of each kind it covered. Rows are
-- never updated or deleted by LtiPd.
CREATE TABLE privacy_audit (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    district_id NVARCHAR(128) NOT NULL REFERENCES districts (id),
    action NVARCHAR(128) NOT NULL,
    actor NVARCHAR(128) NOT NULL,
    subject_registration_id NVARCHAR(128) NOT NULL,
    subject_user_ref NVARCHAR(128) NOT NULL,
    counts_json NVARCHAR(MAX) NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX ix_privacy_audit_district ON privacy_audit (district_id, at_ms);
