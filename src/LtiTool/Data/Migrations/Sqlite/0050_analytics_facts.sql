-- Leader dashboards read these tables instead of parsing statement JSON on every request. The
-- projector fills them from lrs_statements in seq order and keeps its position in
-- analytics_projection; a voided statement's fact is deleted. Every row carries its tenant
-- (district id, the same key as lrs_statements.tenant), and every query filters on it.

-- One row per projection stream. The projector updates the row first in its transaction, so
-- two nodes never project the same batch.
CREATE TABLE analytics_projection (
    name TEXT NOT NULL PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('statements', 0, 0);

-- The people statements name. actor_hash is the SHA-256 of the agent's identifier;
-- home_page and account_name map an account agent to lti_users through its registration's
-- issuer, and user_ref stays NULL until that user is known.
CREATE TABLE analytics_actors (
    actor_id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    actor_hash TEXT NOT NULL,
    home_page TEXT NULL,
    account_name TEXT NULL,
    user_ref TEXT NULL,
    UNIQUE (tenant, actor_hash)
);
CREATE INDEX ix_analytics_actors_user ON analytics_actors (tenant, user_ref);

-- One row per statement the dashboards count. kind: 1 launched a module, 2 worked in a module
-- (experienced, answered, passed, failed), 3 completed a module, 4 submitted evidence,
-- 5 evidence approved, 6 evidence returned, 7 earned points, 8 reached a level.
-- day is whole UTC days since 1970-01-01. amount is the points of kind 7 and the level of kind 8.
CREATE TABLE analytics_facts (
    seq INTEGER NOT NULL PRIMARY KEY,
    tenant TEXT NOT NULL,
    kind INTEGER NOT NULL,
    occurred_at_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NULL,
    module_id TEXT NULL,
    module_name TEXT NULL,
    evidence_id TEXT NULL,
    amount INTEGER NULL
);
CREATE INDEX ix_analytics_facts_day ON analytics_facts (tenant, kind, day, actor_id);
CREATE INDEX ix_analytics_facts_module ON analytics_facts (tenant, module_id, kind, actor_id);
CREATE INDEX ix_analytics_facts_evidence ON analytics_facts (tenant, evidence_id, kind, occurred_at_ms);
CREATE INDEX ix_analytics_facts_actor ON analytics_facts (tenant, actor_id, kind);
