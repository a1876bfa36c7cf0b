-- A PD leader's corrections of recorded attendance, oldest first. Each row names the learner
-- marked absent or present again, the reason, the leader and the time, and the statement it
-- wrote: the voiding statement of an absence, or the new attended statement of a presence.
CREATE TABLE live_session_corrections (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    session_id VARCHAR(128) NOT NULL REFERENCES live_sessions (id),
    subject VARCHAR(255) NOT NULL,
    action VARCHAR(16) NOT NULL,
    statement_id VARCHAR(64) NOT NULL,
    voided_statement_id VARCHAR(64) NULL,
    reason VARCHAR(500) NOT NULL,
    corrected_by VARCHAR(128) NOT NULL,
    corrected_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_live_session_corrections_session ON live_session_corrections (session_id, corrected_at_ms);
