CREATE TABLE data_protection_keys (
    friendly_name VARCHAR(200) NOT NULL PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
