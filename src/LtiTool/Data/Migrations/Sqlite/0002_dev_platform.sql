-- Tables of the developer-only LMS (src/LtiTool/DevPlatform). They exist in every environment so
-- the schema is the same everywhere, but only a Development host reads or writes them.

CREATE TABLE dev_platform_keys (
    kid TEXT NOT NULL PRIMARY KEY,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE dev_line_items (
    id TEXT NOT NULL PRIMARY KEY,
    context_id TEXT NOT NULL,
    label TEXT NOT NULL,
    score_maximum REAL NOT NULL,
    resource_link_id TEXT NULL,
    resource_id TEXT NULL,
    tag TEXT NULL,
    start_date_time TEXT NULL,
    end_date_time TEXT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_dev_line_items_context ON dev_line_items (context_id);

CREATE TABLE dev_scores (
    id TEXT NOT NULL PRIMARY KEY,
    context_id TEXT NOT NULL,
    line_item_id TEXT NOT NULL REFERENCES dev_line_items (id),
    user_id TEXT NOT NULL,
    score_given REAL NULL,
    score_maximum REAL NULL,
    comment TEXT NULL,
    activity_progress TEXT NOT NULL,
    grading_progress TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_dev_scores_line_item_user ON dev_scores (line_item_id, user_id);
