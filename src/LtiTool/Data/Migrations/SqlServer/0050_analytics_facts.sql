-- Leader dashboards read these tables instead of parsing statement JSON on every request. The
-- projector fills them from lrs_statements in seq order and keeps its position in
-- analytics_projection; a voided statement's fact is deleted. Every row carries its tenant
-- (district id, the same key as lrs_statements.tenant), and every query filters on it.

-- One row per projection stream. The projector updates the row first in its transaction, so
-- two nodes never project the same batch.
CREATE TABLE analytics_projection (
    name NVARCHAR(64) NOT NULL PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('statements', 0, 0);

-- The people statements name. actor_hash is the SHA-256 of the agent's identifier;
-- home_page and account_name map an account agent to lti_users through its registration's
-- issuer, and user_ref stays NULL until that user is known.
CREATE TABLE analytics_actors (
    actor_id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    actor_hash NVARCHAR(64) NOT NULL,
    home_page NVARCHAR(450) NULL,
    account_name NVARCHAR(255) NULL,
    user_ref NVARCHAR(128) NULL,
    CONSTRAINT ux_analytics_actors_hash UNIQUE (tenant, actor_hash)
);
CREATE INDEX ix_analytics_actors_user ON analytics_actors (tenant, user_ref);

-- One row per statement the dashboards count. kind: 1 launched a module, 2 worked in a module
-- (experienced, answered, passed, failed), 3 completed a module, 4 submitted evidence,
-- 5 evidence approved, 6 evidence returned, 7 earned points, 8 reached a level.
-- day is whole UTC days since 1970-01-01. amount is the points of kind 7 and the level of kind 8.
CREATE TABLE analytics_facts (
    seq BIGINT NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    kind INT NOT NULL,
    occurred_at_ms BIGINT NOT NULL,
    day INT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES analytics_actors (actor_id),
    course_id NVARCHAR(128) NULL,
    module_id NVARCHAR(128) NULL,
    module_name NVARCHAR(450) NULL,
    evidence_id NVARCHAR(450) NULL,
    amount INT NULL
);
CREATE INDEX ix_analytics_facts_day ON analytics_facts (tenant, kind, day, actor_id);
CREATE INDEX ix_analytics_facts_module ON analytics_facts (tenant, module_id, kind, actor_id);
CREATE INDEX ix_analytics_facts_evidence ON analytics_facts (tenant, evidence_id, kind, occurred_at_ms);
CREATE INDEX ix_analytics_facts_actor ON analytics_facts (tenant, actor_id, kind);
