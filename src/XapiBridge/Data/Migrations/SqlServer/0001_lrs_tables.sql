-- Embedded LRS: credentials, statements with their query index, attachments, documents and
-- activity definitions. Every row carries the district (tenant) it belongs to. Key columns are
-- NVARCHAR because the driver sends strings as NVARCHAR, and a CHAR column compared with an
-- NVARCHAR parameter is converted row by row instead of seeking its index.
CREATE TABLE lrs_credentials (
    credential_key NVARCHAR(100) NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    secret_hash NVARCHAR(200) NOT NULL,
    scopes NVARCHAR(400) NOT NULL,
    source NVARCHAR(20) NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_lrs_credentials_tenant ON lrs_credentials (tenant);

-- seq is the stored order: statement writes are serialised, so a reader that remembers the last
-- seq it saw never misses a later commit.
CREATE TABLE lrs_statements (
    seq BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    credential_key NVARCHAR(100) NOT NULL,
    stored_at_ms BIGINT NOT NULL,
    voided INT NOT NULL DEFAULT 0,
    statement_json NVARCHAR(MAX) NOT NULL
);
CREATE UNIQUE INDEX ux_lrs_statements_id ON lrs_statements (tenant, statement_id);
CREATE INDEX ix_lrs_statements_order ON lrs_statements (tenant, voided, seq);
CREATE INDEX ix_lrs_statements_stored ON lrs_statements (tenant, stored_at_ms);
CREATE INDEX ix_lrs_statements_mine ON lrs_statements (tenant, credential_key, seq);

-- One row per value a statement can be found by (agent, verb, activity, registration, and the
-- related_* forms). value_hash is the SHA-256 of the value, so long IRIs index in every engine.
CREATE TABLE lrs_statement_index (
    tenant NVARCHAR(100) NOT NULL,
    kind INT NOT NULL,
    value_hash NVARCHAR(64) NOT NULL,
    seq BIGINT NOT NULL REFERENCES lrs_statements (seq),
    PRIMARY KEY (tenant, kind, value_hash, seq)
);
CREATE INDEX ix_lrs_statement_index_seq ON lrs_statement_index (seq);

CREATE TABLE lrs_attachments (
    tenant NVARCHAR(100) NOT NULL,
    sha2 NVARCHAR(128) NOT NULL,
    content_type NVARCHAR(255) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, sha2)
);

CREATE TABLE lrs_documents (
    tenant NVARCHAR(100) NOT NULL,
    document_hash NVARCHAR(64) NOT NULL,
    scope_hash NVARCHAR(64) NOT NULL,
    kind INT NOT NULL,
    document_id NVARCHAR(MAX) NOT NULL,
    content_type NVARCHAR(255) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    etag NVARCHAR(64) NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, document_hash)
);
CREATE INDEX ix_lrs_documents_scope ON lrs_documents (tenant, scope_hash, updated_at_ms);

CREATE TABLE lrs_activities (
    tenant NVARCHAR(100) NOT NULL,
    activity_hash NVARCHAR(64) NOT NULL,
    activity_json NVARCHAR(MAX) NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, activity_hash)
);
