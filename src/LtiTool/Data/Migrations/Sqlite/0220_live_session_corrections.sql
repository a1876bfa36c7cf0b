-- A PD leader's corrections of recorded attendance, oldest first. Each row names the learner
-- marked absent or present again, the reason, the leader and the time, and the statement it
-- wrote: the voiding statement of an absence, or the new attended statement of a presence.
CREATE TABLE live_session_corrections (
    id TEXT NOT NULL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES live_sessions (id),
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    voided_statement_id TEXT NULL,
    reason TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_live_session_corrections_session ON live_session_corrections (session_id, corrected_at_ms);
