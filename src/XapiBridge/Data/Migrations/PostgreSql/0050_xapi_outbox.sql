-- Statements waiting to be forwarded to a district's LRS. A row is written in the same
-- transaction as the event it describes and deleted some days after delivery.
CREATE TABLE xapi_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_id VARCHAR(100) NOT NULL,
    statement_id CHAR(36) NOT NULL,
    statement_json TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    lease_owner VARCHAR(100) NULL,
    lease_expires_at_ms BIGINT NULL,
    delivered_at_ms BIGINT NULL,
    rejected_at_ms BIGINT NULL,
    last_status INTEGER NULL,
    last_error VARCHAR(1000) NULL,
    CONSTRAINT uq_xapi_outbox_statement UNIQUE (district_id, statement_id)
);

CREATE INDEX ix_xapi_outbox_due ON xapi_outbox (district_id, next_attempt_at_ms, id)
    WHERE delivered_at_ms IS NULL AND rejected_at_ms IS NULL;

CREATE INDEX ix_xapi_outbox_delivered ON xapi_outbox (district_id, delivered_at_ms)
    WHERE delivered_at_ms IS NOT NULL;
