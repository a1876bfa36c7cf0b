-- Links the dev LMS adds to its course from a tool's deep linking response (src/LtiTool/DevPlatform).
-- Only a Development host reads or writes them.

CREATE TABLE dev_placements (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    context_id VARCHAR(255) NOT NULL,
    title TEXT NOT NULL,
    description TEXT NULL,
    tool_path TEXT NOT NULL,
    custom_json TEXT NOT NULL,
    line_item_id TEXT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_placements_context ON dev_placements (context_id);
