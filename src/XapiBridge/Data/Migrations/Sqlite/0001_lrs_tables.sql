-- Embedded LRS: credentials, statements with their query index, attachments, documents and
-- activity definitions. Every row carries the district (tenant) it belongs to.
CREATE TABLE lrs_credentials (
    credential_key TEXT NOT NULL PRIMARY KEY,
    tenant TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_lrs_credentials_tenant ON lrs_credentials (tenant);

-- seq is the stored order: statement writes are serialised, so a reader that remembers the last
-- seq it saw never misses a later commit.
CREATE TABLE lrs_statements (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    credential_key TEXT NOT NULL,
    stored_at_ms INTEGER NOT NULL,
    voided INTEGER NOT NULL DEFAULT 0,
    statement_json TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_lrs_statements_id ON lrs_statements (tenant, statement_id);
CREATE INDEX ix_lrs_statements_order ON lrs_statements (tenant, voided, seq);
CREATE INDEX ix_lrs_statements_stored ON lrs_statements (tenant, stored_at_ms);
CREATE INDEX ix_lrs_statements_mine ON lrs_statements (tenant, credential_key, seq);

-- One row per value a statement can be found by (agent, verb, activity, registration, and the
-- related_* forms). value_hash is the SHA-256 of the value, so long IRIs index in every engine.
CREATE TABLE lrs_statement_index (
    tenant TEXT NOT NULL,
    kind INTEGER NOT NULL,
    value_hash TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES lrs_statements (seq),
    PRIMARY KEY (tenant, kind, value_hash, seq)
);
CREATE INDEX ix_lrs_statement_index_seq ON lrs_statement_index (seq);

CREATE TABLE lrs_attachments (
    tenant TEXT NOT NULL,
    sha2 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant, sha2)
);

CREATE TABLE lrs_documents (
    tenant TEXT NOT NULL,
    document_hash TEXT NOT NULL,
    scope_hash TEXT NOT NULL,
    kind INTEGER NOT NULL,
    document_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    etag TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant, document_hash)
);
CREATE INDEX ix_lrs_documents_scope ON lrs_documents (tenant, scope_hash, updated_at_ms);

CREATE TABLE lrs_activities (
    tenant TEXT NOT NULL,
    activity_hash TEXT NOT NULL,
    activity_json TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant, activity_hash)
);
