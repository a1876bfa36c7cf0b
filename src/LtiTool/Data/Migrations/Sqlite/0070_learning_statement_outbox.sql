-- Statements written in the transaction of the row they report (a pathway completion), so a
-- crash between that row and the embedded LRS write never loses the statement. A row is deleted
-- once the statement is stored in the embedded LRS; statement ids are deterministic, so storing
-- a row twice after a crash stores the statement once.
CREATE TABLE pd_statement_outbox (
    statement_id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL REFERENCES districts (id),
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    verb TEXT NOT NULL,
    statement_json TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_pd_statement_outbox_user ON pd_statement_outbox (registration_id, user_ref);
CREATE INDEX ix_pd_statement_outbox_created ON pd_statement_outbox (created_at_ms);
