-- Gamification engine state. Every row but the source checkpoints carries its tenant (district)
-- key, and every query filters on it. Times are Unix milliseconds UTC.

CREATE TABLE gamification_checkpoints (
    source_name NVARCHAR(100) NOT NULL PRIMARY KEY,
    watermark NVARCHAR(200) NULL,
    updated_at_ms BIGINT NOT NULL
);

-- The engine's copy of every statement it processed, in processing order, so a rebuild or a
-- rule change replays the same stream without the LRS.
CREATE TABLE gamification_statements (
    tenant_id NVARCHAR(100) NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    position BIGINT NOT NULL,
    stored_at_ms BIGINT NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    payload NVARCHAR(MAX) NOT NULL,
    processed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, statement_id),
    UNIQUE (tenant_id, position)
);

CREATE TABLE gamification_voided (
    tenant_id NVARCHAR(100) NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    voiding_statement_id NVARCHAR(36) NOT NULL,
    recorded_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, statement_id)
);

-- award_key is the SHA-256 of (user, rule, item): the unique key that makes every award
-- exactly-once across replays, restarts and concurrent engines.
CREATE TABLE gamification_ledger (
    tenant_id NVARCHAR(100) NOT NULL,
    award_key NVARCHAR(64) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    rule_key NVARCHAR(64) NOT NULL,
    item_id NVARCHAR(400) NOT NULL,
    points INT NOT NULL,
    status NVARCHAR(16) NOT NULL,
    capped INT NOT NULL,
    reason NVARCHAR(500) NOT NULL,
    source_statement_id NVARCHAR(36) NULL,
    reverses_award_key NVARCHAR(64) NULL,
    course_id NVARCHAR(200) NULL,
    school_id NVARCHAR(200) NULL,
    local_day INT NOT NULL,
    awarded_at_ms BIGINT NOT NULL,
    position BIGINT NOT NULL,
    recorded_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, award_key)
);
CREATE INDEX ix_gamification_ledger_user ON gamification_ledger (tenant_id, user_id, awarded_at_ms);
CREATE INDEX ix_gamification_ledger_source ON gamification_ledger (tenant_id, source_statement_id);
CREATE INDEX ix_gamification_ledger_reverses ON gamification_ledger (tenant_id, reverses_award_key);

CREATE TABLE gamification_participants (
    tenant_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    home_page NVARCHAR(400) NOT NULL,
    account_name NVARCHAR(200) NOT NULL,
    display_name NVARCHAR(200) NULL,
    role NVARCHAR(16) NOT NULL,
    leaderboard_opt_in INT NOT NULL,
    school_id NVARCHAR(200) NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE gamification_levels (
    tenant_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    level INT NOT NULL,
    reached_at_ms BIGINT NOT NULL,
    source_statement_id NVARCHAR(36) NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, level)
);

CREATE TABLE gamification_badges (
    tenant_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    badge_id NVARCHAR(100) NOT NULL,
    awarded_at_ms BIGINT NOT NULL,
    source_statement_id NVARCHAR(36) NULL,
    position BIGINT NOT NULL,
    narrative NVARCHAR(1000) NOT NULL,
    PRIMARY KEY (tenant_id, user_id, badge_id)
);

CREATE TABLE gamification_rule_sets (
    tenant_id NVARCHAR(100) NOT NULL,
    version INT NOT NULL,
    rules_json NVARCHAR(MAX) NOT NULL,
    created_by NVARCHAR(200) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

-- Reviewer and admin decisions on awards. They outlive rebuilds: a replay applies each one
-- after the statement position at which it was made.
CREATE TABLE gamification_decisions (
    tenant_id NVARCHAR(100) NOT NULL,
    decision_id NVARCHAR(36) NOT NULL,
    award_key NVARCHAR(64) NOT NULL,
    decision NVARCHAR(16) NOT NULL,
    decided_by NVARCHAR(200) NOT NULL,
    reason NVARCHAR(500) NOT NULL,
    after_position BIGINT NOT NULL,
    decided_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, decision_id),
    UNIQUE (tenant_id, award_key, decision)
);

CREATE TABLE gamification_audit (
    tenant_id NVARCHAR(100) NOT NULL,
    audit_id NVARCHAR(36) NOT NULL,
    action NVARCHAR(32) NOT NULL,
    actor NVARCHAR(200) NOT NULL,
    award_key NVARCHAR(64) NULL,
    detail NVARCHAR(1000) NOT NULL,
    at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, audit_id)
);

CREATE TABLE gamification_outbox (
    tenant_id NVARCHAR(100) NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    kind NVARCHAR(16) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    payload NVARCHAR(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    sent_at_ms BIGINT NULL,
    PRIMARY KEY (tenant_id, statement_id)
);

CREATE TABLE gamification_streak_pauses (
    tenant_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    week_start_day INT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, week_start_day)
);

CREATE TABLE gamification_challenges (
    tenant_id NVARCHAR(100) NOT NULL,
    challenge_id NVARCHAR(100) NOT NULL,
    name NVARCHAR(200) NOT NULL,
    mode NVARCHAR(16) NOT NULL,
    starts_at_ms BIGINT NOT NULL,
    ends_at_ms BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, challenge_id)
);

CREATE TABLE gamification_challenge_members (
    tenant_id NVARCHAR(100) NOT NULL,
    challenge_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    team_id NVARCHAR(100) NULL,
    PRIMARY KEY (tenant_id, challenge_id, user_id)
);

CREATE TABLE gamification_challenge_winners (
    tenant_id NVARCHAR(100) NOT NULL,
    challenge_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    team_id NVARCHAR(100) NULL,
    points INT NOT NULL,
    decided_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, challenge_id, user_id)
);
