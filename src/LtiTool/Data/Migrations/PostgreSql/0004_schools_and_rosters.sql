-- Schools and course rosters, shared by pathways, leaderboards, compliance and analytics.
-- A teacher's school comes from a launch parameter the district maps or from a roster CSV an
-- admin imports; a course roster comes from Names and Roles. Members who leave a course are
-- marked Inactive, never deleted, so compliance history stays true.

ALTER TABLE lti_users ADD COLUMN school_id VARCHAR(255) NULL;

CREATE TABLE lti_schools (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    school_id VARCHAR(255) NOT NULL,
    name VARCHAR(512) NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, school_id)
);

CREATE TABLE roster_members (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    context_ref VARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    subject VARCHAR(255) NOT NULL,
    name VARCHAR(512) NULL,
    given_name VARCHAR(512) NULL,
    family_name VARCHAR(512) NULL,
    email VARCHAR(512) NULL,
    roles TEXT NOT NULL,
    role VARCHAR(255) NOT NULL,
    status VARCHAR(255) NOT NULL,
    first_seen_at_ms BIGINT NOT NULL,
    last_synced_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, context_ref, subject)
);
CREATE INDEX ix_roster_members_subject ON roster_members (registration_id, subject);
