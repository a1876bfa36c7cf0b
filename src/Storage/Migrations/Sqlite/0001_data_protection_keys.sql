CREATE TABLE data_protection_keys (
    friendly_name TEXT NOT NULL PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
