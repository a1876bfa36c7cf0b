-- Tables of the developer-only LMS (src/LtiTool/DevPlatform). They exist in every environment so
-- the schema is the same everywhere, but only a Development host reads or writes them.

CREATE TABLE dev_platform_keys (
    kid VARCHAR(128) NOT NULL PRIMARY KEY,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE dev_line_items (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    context_id VARCHAR(255) NOT NULL,
    label TEXT NOT NULL,
    score_maximum DOUBLE PRECISION NOT NULL,
    resource_link_id TEXT NULL,
    resource_id TEXT NULL,
    tag TEXT NULL,
    start_date_time TEXT NULL,
    end_date_time TEXT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_line_items_context ON dev_line_items (context_id);

CREATE TABLE dev_scores (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    context_id VARCHAR(255) NOT NULL,
    line_item_id VARCHAR(128) NOT NULL REFERENCES dev_line_items (id),
    user_id VARCHAR(255) NOT NULL,
    score_given DOUBLE PRECISION NULL,
    score_maximum DOUBLE PRECISION NULL,
    comment TEXT NULL,
    activity_progress TEXT NOT NULL,
    grading_progress TEXT NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    recorded_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_scores_line_item_user ON dev_scores (line_item_id, user_id);
