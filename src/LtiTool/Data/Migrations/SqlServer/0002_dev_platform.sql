-- Tables of the developer-only LMS (src/LtiTool/DevPlatform). They exist in every environment so
-- the schema is the same everywhere, but only a Development host reads or writes them.

CREATE TABLE dev_platform_keys (
    kid NVARCHAR(128) NOT NULL PRIMARY KEY,
    protected_private_key NVARCHAR(MAX) NOT NULL,
    public_jwk NVARCHAR(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE dev_line_items (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    context_id NVARCHAR(255) NOT NULL,
    label NVARCHAR(450) NOT NULL,
    score_maximum FLOAT NOT NULL,
    resource_link_id NVARCHAR(255) NULL,
    resource_id NVARCHAR(255) NULL,
    tag NVARCHAR(255) NULL,
    start_date_time NVARCHAR(64) NULL,
    end_date_time NVARCHAR(64) NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_line_items_context ON dev_line_items (context_id);

CREATE TABLE dev_scores (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    context_id NVARCHAR(255) NOT NULL,
    line_item_id NVARCHAR(128) NOT NULL REFERENCES dev_line_items (id),
    user_id NVARCHAR(255) NOT NULL,
    score_given FLOAT NULL,
    score_maximum FLOAT NULL,
    comment NVARCHAR(MAX) NULL,
    activity_progress NVARCHAR(32) NOT NULL,
    grading_progress NVARCHAR(32) NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    recorded_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_scores_line_item_user ON dev_scores (line_item_id, user_id);
