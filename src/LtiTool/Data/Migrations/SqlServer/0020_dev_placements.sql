-- Links the dev LMS adds to its course from a tool's deep linking response (src/LtiTool/DevPlatform).
-- Only a Development host reads or writes them.

CREATE TABLE dev_placements (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    context_id NVARCHAR(255) NOT NULL,
    title NVARCHAR(MAX) NOT NULL,
    description NVARCHAR(MAX) NULL,
    tool_path NVARCHAR(MAX) NOT NULL,
    custom_json NVARCHAR(MAX) NOT NULL,
    line_item_id NVARCHAR(128) NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_dev_placements_context ON dev_placements (context_id);
