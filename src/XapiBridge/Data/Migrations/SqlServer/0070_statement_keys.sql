-- Replaces lrs_statement_index with a compact form. Each filter value (agent key, verb, activity
-- id or registration, as the SHA-256 of the value) is stored once per district in
-- lrs_index_values and named by an integer id. A statement's keys are then three integers per
-- row, where the old table repeated the tenant and the 64-character hash in every row.
CREATE TABLE lrs_index_values (
    value_id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    value_hash NVARCHAR(64) NOT NULL
);
CREATE UNIQUE INDEX ux_lrs_index_values ON lrs_index_values (tenant, value_hash);

-- kind is an IndexKind: 1 agent, 2 related agent, 3 verb, 4 activity, 5 related activity,
-- 6 registration. value_id belongs to one district, so the rows need no tenant column.
CREATE TABLE lrs_statement_keys (
    value_id BIGINT NOT NULL REFERENCES lrs_index_values (value_id),
    kind INT NOT NULL,
    seq BIGINT NOT NULL REFERENCES lrs_statements (seq),
    PRIMARY KEY (value_id, kind, seq)
);
CREATE INDEX ix_lrs_statement_keys_seq ON lrs_statement_keys (seq);

INSERT INTO lrs_index_values (tenant, value_hash)
SELECT DISTINCT tenant, value_hash FROM lrs_statement_index;

INSERT INTO lrs_statement_keys (value_id, kind, seq)
SELECT v.value_id, i.kind, i.seq
FROM lrs_statement_index i
JOIN lrs_index_values v ON v.tenant = i.tenant AND v.value_hash = i.value_hash;

DROP TABLE lrs_statement_index;
