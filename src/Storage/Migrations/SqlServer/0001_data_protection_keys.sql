CREATE TABLE data_protection_keys (
    friendly_name NVARCHAR(200) NOT NULL PRIMARY KEY,
    xml NVARCHAR(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL
);
