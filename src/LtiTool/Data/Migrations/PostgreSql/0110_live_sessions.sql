-- Live PD sessions of a course and who attended them, as a PD leader recorded it. Each attendee
-- row names the attended statement written for it, so a session is recorded once per person.
CREATE TABLE live_sessions (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    context_ref VARCHAR(128) NOT NULL REFERENCES lti_contexts (id),
    title VARCHAR(200) NOT NULL,
    held_on VARCHAR(10) NOT NULL,
    recorded_by VARCHAR(128) NOT NULL,
    recorded_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_live_sessions_course ON live_sessions (registration_id, context_ref, held_on);

CREATE TABLE live_session_attendees (
    session_id VARCHAR(128) NOT NULL REFERENCES live_sessions (id),
    subject VARCHAR(255) NOT NULL,
    statement_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (session_id, subject)
);
