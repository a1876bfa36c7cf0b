-- Live PD sessions of a course and who attended them, as a PD leader recorded it. Each attendee
-- row names the attended statement written for it, so a session is recorded once per person.
CREATE TABLE live_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    context_ref TEXT NOT NULL REFERENCES lti_contexts (id),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_live_sessions_course ON live_sessions (registration_id, context_ref, held_on);

CREATE TABLE live_session_attendees (
    session_id TEXT NOT NULL REFERENCES live_sessions (id),
    subject TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    PRIMARY KEY (session_id, subject)
);
