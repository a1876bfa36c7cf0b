-- Schools and course rosters, shared by pathways, leaderboards, compliance and analytics.
-- A teacher's school comes from a launch parameter the district maps or from a roster CSV an
-- admin imports; a course roster comes from Names and Roles. Members who leave a course are
-- marked Inactive, never deleted, so compliance history stays true.

ALTER TABLE lti_users ADD COLUMN school_id TEXT NULL;

CREATE TABLE lti_schools (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    school_id TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, school_id)
);

CREATE TABLE roster_members (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    context_ref TEXT NOT NULL REFERENCES lti_contexts (id),
    subject TEXT NOT NULL,
    name TEXT NULL,
    given_name TEXT NULL,
    family_name TEXT NULL,
    email TEXT NULL,
    roles TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen_at_ms INTEGER NOT NULL,
    last_synced_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, context_ref, subject)
);
CREATE INDEX ix_roster_members_subject ON roster_members (registration_id, subject);
